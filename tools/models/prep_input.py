#!/usr/bin/python3
"""Turn a photo into the raw float32 input tensor (little-endian) of one of the models.

Usage: /usr/bin/python3 prep_input.py nanodet|blazeface IMAGE OUT.f32

Both models get a centred letterbox: the photo (after EXIF orientation) is scaled by
r = min(S/W, S/H) to round(W*r) x round(H*r) (bilinear), pasted at ((S-nw)//2, (S-nh)//2)
on a black S x S canvas. Pixels are 0..255 sRGB.

nanodet   (S=416): planar BGR [1,3,416,416], value = (pixel - mean[c]) / std[c], B,G,R order.
blazeface (S=256): interleaved RGB [1,256,256,3], value = pixel / 127.5 - 1  (range [-1, 1]).
"""
import sys

import numpy as np
from PIL import Image, ImageOps

NANODET_MEAN_BGR = np.array([103.53, 116.28, 123.675], np.float32)
NANODET_STD_BGR = np.array([57.375, 57.12, 58.395], np.float32)


def iou(a, b):
    """Intersection over union of two boxes (x1, y1, x2, y2), as both decoders' NMS uses it."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def letterbox(w, h, size):
    """(r, nw, nh, dx, dy): model pixel = image pixel * r + (dx, dy)."""
    r = min(size / w, size / h)
    nw, nh = round(w * r), round(h * r)
    return r, nw, nh, (size - nw) // 2, (size - nh) // 2


def load_rgb(path, size):
    img = ImageOps.exif_transpose(Image.open(path)).convert('RGB')
    r, nw, nh, dx, dy = letterbox(img.width, img.height, size)
    canvas = Image.new('RGB', (size, size), (0, 0, 0))
    canvas.paste(img.resize((nw, nh), Image.BILINEAR), (dx, dy))
    return img.size, np.asarray(canvas, np.float32)  # HWC RGB


def nanodet_tensor(path):
    (w, h), rgb = load_rgb(path, 416)
    bgr = rgb[:, :, ::-1]
    x = (bgr - NANODET_MEAN_BGR) / NANODET_STD_BGR
    return (w, h), np.ascontiguousarray(x.transpose(2, 0, 1)[None], np.float32)  # [1,3,416,416]


def blazeface_tensor(path):
    (w, h), rgb = load_rgb(path, 256)
    return (w, h), np.ascontiguousarray((rgb / 127.5 - 1.0)[None], np.float32)  # [1,256,256,3]


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    size, t = {'nanodet': nanodet_tensor, 'blazeface': blazeface_tensor}[sys.argv[1]](sys.argv[2])
    t.astype('<f4').tofile(sys.argv[3])
    print('%s: image %dx%d -> tensor %s' % (sys.argv[2], size[0], size[1], list(t.shape)))
