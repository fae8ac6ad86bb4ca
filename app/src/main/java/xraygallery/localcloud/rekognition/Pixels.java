package xraygallery.localcloud.rekognition;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Any decoded {@link BufferedImage} as 8-bit sRGB bytes. Plain 8-bit RGB (most JPEGs) is copied
 * directly; gray, 16-bit, palette and transparent images are converted sample by sample (file
 * values kept as they are, transparency composited over white); anything else (CMYK, other ICC
 * colour spaces) is drawn onto an sRGB canvas by Java2D.
 */
final class Pixels {

    private Pixels() {
    }

    static RgbImage toRgb(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (isPlain8BitRgb(image)) {
            return copy8BitRgb(raster);
        }
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(raster, palette);
        }
        if (cm instanceof ComponentColorModel && (cm.getColorSpace().isCS_sRGB()
                || cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY)) {
            return fromComponents(raster, cm);
        }
        return drawn(image);
    }

    private static boolean isPlain8BitRgb(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        return cm instanceof ComponentColorModel && cm.getColorSpace().isCS_sRGB() && !cm.hasAlpha()
                && cm.getNumComponents() == 3
                && raster.getDataBuffer() instanceof DataBufferByte
                && raster.getSampleModel() instanceof ComponentSampleModel
                && raster.getParent() == null && raster.getMinX() == 0 && raster.getMinY() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer().getNumBanks() == 1
                && cm.getComponentSize(0) == 8 && cm.getComponentSize(1) == 8 && cm.getComponentSize(2) == 8;
    }

    private static RgbImage copy8BitRgb(Raster raster) {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
        byte[] data = buffer.getData();
        int[] bandOffsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanlineStride = sm.getScanlineStride();
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int ro = bandOffsets[0] + buffer.getOffset();
        int go = bandOffsets[1] + buffer.getOffset();
        int bo = bandOffsets[2] + buffer.getOffset();
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = y * scanlineStride;
            for (int x = 0; x < w; x++, p += pixelStride) {
                rgb[o++] = data[p + ro];
                rgb[o++] = data[p + go];
                rgb[o++] = data[p + bo];
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int size = palette.getMapSize();
        int[] argb = new int[size];
        palette.getRGBs(argb);
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int index = row[x];
                int c = index >= 0 && index < size ? argb[index] : 0;
                int a = c >>> 24;
                rgb[o++] = (byte) overWhite((c >> 16) & 0xff, a);
                rgb[o++] = (byte) overWhite((c >> 8) & 0xff, a);
                rgb[o++] = (byte) overWhite(c & 0xff, a);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Gray or sRGB samples of any bit depth, with or without alpha. */
    private static RgbImage fromComponents(Raster raster, ColorModel cm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int colors = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        double[] scale = new double[bands];
        for (int b = 0; b < bands; b++) {
            scale[b] = 255.0 / ((1L << cm.getComponentSize(Math.min(b, cm.getNumComponents() - 1))) - 1);
        }
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w * bands];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int a = alpha ? to8(row[p + bands - 1], scale[bands - 1]) : 255;
                if (colors >= 3) {
                    rgb[o++] = (byte) overWhite(to8(row[p], scale[0]), a);
                    rgb[o++] = (byte) overWhite(to8(row[p + 1], scale[1]), a);
                    rgb[o++] = (byte) overWhite(to8(row[p + 2], scale[2]), a);
                } else {
                    byte v = (byte) overWhite(to8(row[p], scale[0]), a);
                    rgb[o++] = v;
                    rgb[o++] = v;
                    rgb[o++] = v;
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static int to8(int sample, double scale) {
        long v = Math.round(sample * scale);
        return (int) Math.max(0, Math.min(255, v));
    }

    private static int overWhite(int value, int alpha) {
        return alpha == 255 ? value : (value * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    private static RgbImage drawn(BufferedImage image) {
        BufferedImage canvas = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy8BitRgb(canvas.getRaster());
    }
}
