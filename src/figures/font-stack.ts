/**
 * The font every figure uses, by name (the file ships in src/plots/fonts, Bitstream Vera licence,
 * and plots/fonts.ts loads it for the renderer) because resvg draws no text at all without a font file, and system fonts differ between
 * machines; the SVG names the same family first so that the SVG and the PNG agree.
 */
export const FONT_FAMILY = 'DejaVu Sans';
/** What the SVG and HTML ask for: the shipped font first, then look-alikes a browser may have. */
export const FONT_STACK = 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif';

