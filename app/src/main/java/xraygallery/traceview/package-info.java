/**
 * The non-GUI core of the trace panel: the {@link xraygallery.traceview.TraceSource} port (recent traces, one
 * trace as a {@link xraygallery.traceview.SpanTree}, the service graph, the daemon's health), its one adapter on
 * the AWS SDK's {@code XRayClient} ({@link xraygallery.traceview.XRayTraceSource}), and pure analyses over span
 * trees: where an action's time went ({@link xraygallery.traceview.ComponentSplit},
 * {@link xraygallery.traceview.CriticalPath}), how it behaves over many traces
 * ({@link xraygallery.traceview.ComponentStatistics}, {@link xraygallery.traceview.LatencyHistogram}), why some
 * are slow ({@link xraygallery.traceview.SlowTraceAnalysis}), two traces side by side
 * ({@link xraygallery.traceview.TraceComparison}) and the waterfall's rows
 * ({@link xraygallery.traceview.WaterfallLayout}).
 *
 * <p>Every value is immutable and free of JavaFX and AWS SDK types; nothing here blocks except the
 * {@code TraceSource} methods, which a view-model calls off the FX thread.
 */
package xraygallery.traceview;
