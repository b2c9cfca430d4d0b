package dev.gatehouse.auth.mfa;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG: one path of unit squares, so the page needs no image request and its CSP
 * ({@code default-src 'none'}) stays as it is. Only the {@code otpauth://} URI is encoded; nothing
 * from the request.
 */
final class QrCodes {

  private static final int QUIET_ZONE = 4;

  private QrCodes() {}

  static String svg(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  com.google.zxing.BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0));
    } catch (WriterException ex) {
      throw new IllegalStateException("cannot encode a QR code", ex);
    }
    int size = matrix.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y)) {
          path.append('M')
              .append(x + QUIET_ZONE)
              .append(' ')
              .append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" width=\"240\" height=\"240\" role=\"img\" aria-labelledby=\"qr-title\">"
        + "<title id=\"qr-title\">QR code of the authenticator setup link</title>"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\""
        + path
        + "\"/></svg>";
  }
}
