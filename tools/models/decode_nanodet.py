#!/usr/bin/python3
"""Decode NanoDet ONNX outputs (raw float32 files from OrtRun.java) into detections.

Usage: /usr/bin/python3 decode_nanodet.py OUT_DIR IMAGE [--thr 0.35] [--draw OUT.png]

This is the reference for the Java decoder; the recipe is spelled out in README.md.
"""
import argparse
import os

import numpy as np

from prep_input import iou, letterbox

INPUT = 416
STRIDES = (8, 16, 32)
BINS = 11  # reg_max 10 -> bins 0..10 per side
LABELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'app', 'src', 'main', 'resources',
                      'xraygallery', 'localcloud', 'rekognition', 'models', 'coco80-labels.txt')


def decode(out_dir, img_w, img_h, thr=0.35, nms_iou=0.5, max_dets=100):
    cands = []  # (score, class, x1, y1, x2, y2) in image pixels
    for s in STRIDES:
        f = INPUT // s                                            # 52, 26, 13 cells per row
        cls = np.fromfile(os.path.join(out_dir, 'cls_%d.f32' % s), '<f4').reshape(f * f, 80)
        box = np.fromfile(os.path.join(out_dir, 'box_%d.f32' % s), '<f4').reshape(f * f, 4, BINS)
        for i, c in zip(*np.nonzero(cls > thr)):                  # every (cell, class) above threshold
            row, col = divmod(int(i), f)
            cx, cy = (col + 0.5) * s, (row + 0.5) * s
            logits = box[i].astype(np.float64)
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)                     # softmax over the 11 bins, per side
            left, top, right, bottom = (p * np.arange(BINS)).sum(axis=1) * s
            r, _, _, dx, dy = letterbox(img_w, img_h, INPUT)      # undo the letterbox, clip to the photo
            x1, x2 = [min(max((v - dx) / r, 0.0), img_w) for v in (cx - left, cx + right)]
            y1, y2 = [min(max((v - dy) / r, 0.0), img_h) for v in (cy - top, cy + bottom)]
            cands.append((float(cls[i, c]), int(c), x1, y1, x2, y2))
    cands.sort(key=lambda d: -d[0])
    kept = []
    for d in cands:                                               # greedy NMS, per class
        if all(k[1] != d[1] or iou(k[2:], d[2:]) <= nms_iou for k in kept):
            kept.append(d)
    return kept[:max_dets]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out_dir')
    ap.add_argument('image')
    ap.add_argument('--thr', type=float, default=0.35)
    ap.add_argument('--draw')
    a = ap.parse_args()
    from PIL import Image, ImageDraw, ImageOps
    img = ImageOps.exif_transpose(Image.open(a.image)).convert('RGB')
    labels = open(LABELS).read().split('\n')
    dets = decode(a.out_dir, img.width, img.height, a.thr)
    print('%s (%dx%d): %d detections >= %.2f' % (os.path.basename(a.image), img.width, img.height, len(dets), a.thr))
    for score, c, x1, y1, x2, y2 in dets:
        print('  %-14s %.3f  box x1=%.0f y1=%.0f x2=%.0f y2=%.0f' % (labels[c], score, x1, y1, x2, y2))
    if a.draw:
        draw = ImageDraw.Draw(img)
        for score, c, x1, y1, x2, y2 in dets:
            draw.rectangle([x1, y1, x2, y2], outline=(255, 0, 0), width=3)
            draw.text((x1 + 4, y1 + 2), '%s %.2f' % (labels[c], score), fill=(255, 255, 0))
        img.save(a.draw)


if __name__ == '__main__':
    main()
