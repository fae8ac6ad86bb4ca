package xraygallery.localcloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Passes each request Jetty parsed to the local cloud in its own types: the raw path and query as
 * sent (SigV4 signs them), the headers, the body as a blocking stream, and a {@link CloudResponse}.
 * Runs on the server's worker threads, which may block.
 */
final class CloudHttpHandler extends Handler.Abstract {
    private final CloudHttpServer.Dispatcher dispatcher;

    CloudHttpHandler(CloudHttpServer.Dispatcher dispatcher) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RequestTarget target = target(request);
        CloudResponse answer = new CloudResponse(response, HttpMethod.HEAD.is(request.getMethod()));
        try {
            dispatcher.serve(request.getMethod(), target.rawPath(), target.rawQuery(), headers(request),
                    Content.Source.asInputStream(request), answer);
        } catch (Throwable t) {
            callback.failed(t);
            return true;
        }
        if (answer.isSent()) {
            callback.succeeded();
        } else {
            callback.failed(new IllegalStateException("the request was not answered"));
        }
        return true;
    }

    /** The path and query as the client sent them (Jetty's own, also unaltered, for an absolute-form target). */
    private static RequestTarget target(Request request) {
        if (request.getConnectionMetaData().getAttribute(RawTargetConnectionFactory.RAW_TARGET) instanceof String raw) {
            return RequestTarget.parse(raw);
        }
        HttpURI uri = request.getHttpURI();
        return new RequestTarget(uri.getPath(), uri.getQuery());
    }

    private static RequestHeaders headers(Request request) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(request.getHeaders().size());
        for (HttpField field : request.getHeaders()) {
            fields.add(Map.entry(field.getName(), Objects.requireNonNullElse(field.getValue(), "")));
        }
        return RequestHeaders.of(fields);
    }
}
