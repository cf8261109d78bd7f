/**
 * The bundled Liberation Serif 2.x fonts (Vietnamese glyphs) the official documents embed, and
 * where to find them (the lookup is signing/pdf/fonts.ts's).
 */
import { fontBytes, fontPath } from '../../signing/pdf/fonts';

export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
} as const;
export type FontStyle = keyof typeof FONT_FILES;

// One font lookup for the whole app (signing/pdf/fonts.ts); the server may import signing/.
export { fontPath };

/** The bytes of one style, read once per process. */
export const loadFont = (style: FontStyle): Uint8Array => fontBytes(FONT_FILES[style]);
