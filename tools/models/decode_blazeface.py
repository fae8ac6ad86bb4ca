#!/usr/bin/python3
"""Decode BlazeFace (back, 256x256) ONNX outputs (raw float32 files from OrtRun.java) into faces.

Usage: /usr/bin/python3 decode_blazeface.py OUT_DIR IMAGE [--thr 0.75] [--draw OUT.png]

This is the reference for the Java decoder; the recipe is spelled out in README.md.
"""
import argparse
import math
import os

import numpy as np

from prep_input import iou, letterbox

INPUT = 256
# (score output, box output, cells per row, anchors per cell): 16*16*2 + 8*8*6 = 896 anchors
LEVELS = (('Identity_0', 'Identity_2_0', 16, 2), ('Identity_1_0', 'Identity_3_0', 8, 6))
KEYPOINTS = ('right_eye', 'left_eye', 'nose', 'mouth', 'right_ear', 'left_ear')  # subject's left/right


def decode(out_dir, img_w, img_h, thr=0.75, nms_iou=0.3):
    r, _, _, dx, dy = letterbox(img_w, img_h, INPUT)
    to_img = lambda x, y: ((x * INPUT - dx) / r, (y * INPUT - dy) / r)  # normalised model coords -> photo pixels
    faces = []
    for score_name, box_name, cells, anchors in LEVELS:
        logits = np.fromfile(os.path.join(out_dir, score_name + '.f32'), '<f4')
        boxes = np.fromfile(os.path.join(out_dir, box_name + '.f32'), '<f4').reshape(-1, 16)
        for i in range(cells * cells * anchors):                  # i = (row * cells + col) * anchors + a
            score = 1.0 / (1.0 + math.exp(-max(-100.0, min(100.0, float(logits[i])))))
            if score < thr:
                continue
            row, col = divmod(i // anchors, cells)
            ax, ay = (col + 0.5) / cells, (row + 0.5) / cells     # anchor centre, normalised 0..1
            b = boxes[i] / INPUT                                  # offsets are in 256-pixel units
            cx, cy, w, h = ax + b[0], ay + b[1], b[2], b[3]
            x1, y1 = to_img(cx - w / 2, cy - h / 2)
            x2, y2 = to_img(cx + w / 2, cy + h / 2)
            kps = [to_img(ax + b[4 + 2 * k], ay + b[5 + 2 * k]) for k in range(6)]
            faces.append((score, max(x1, 0.0), max(y1, 0.0), min(x2, img_w), min(y2, img_h), kps))
    faces.sort(key=lambda f: -f[0])
    kept = []
    for f in faces:                                               # greedy NMS
        if all(iou(k[1:5], f[1:5]) <= nms_iou for k in kept):
            kept.append(f)
    return kept


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out_dir')
    ap.add_argument('image')
    ap.add_argument('--thr', type=float, default=0.75)
    ap.add_argument('--draw')
    a = ap.parse_args()
    from PIL import Image, ImageDraw, ImageOps
    img = ImageOps.exif_transpose(Image.open(a.image)).convert('RGB')
    faces = decode(a.out_dir, img.width, img.height, a.thr)
    print('%s (%dx%d): %d faces >= %.2f' % (os.path.basename(a.image), img.width, img.height, len(faces), a.thr))
    for score, x1, y1, x2, y2, kps in faces:
        print('  face %.3f  box x1=%.0f y1=%.0f x2=%.0f y2=%.0f  %s' % (score, x1, y1, x2, y2, ' '.join(
            '%s=(%.0f,%.0f)' % (n, x, y) for n, (x, y) in zip(KEYPOINTS, kps))))
    if a.draw:
        draw = ImageDraw.Draw(img)
        for score, x1, y1, x2, y2, kps in faces:
            draw.rectangle([x1, y1, x2, y2], outline=(0, 255, 0), width=2)
            for k, (x, y) in enumerate(kps):
                draw.ellipse([x - 3, y - 3, x + 3, y + 3], fill=(255, 0, 0) if k % 2 == 0 else (0, 0, 255))
        img.save(a.draw)


if __name__ == '__main__':
    main()
