/*
 * The MyOrg brand: its name, colours and mark, defined once. The themes
 * (./themes.ts), the sidebar logo (../nav) and the icons in public/
 * (scripts/generate-icons.mjs) are made from it.
 *
 * This file imports nothing, so that the icon script can load it with
 * Node's own TypeScript support.
 */

/** The logo's words: the organisation over what this is. */
export const brandWordmark = {
  name: 'MyOrg',
  tagline: 'Developer Portal',
} as const;

/** The portal's name; also `app.title` and public/manifest.json `name`. */
export const brandName = `${brandWordmark.name} ${brandWordmark.tagline}`;

/** The name where space is short (public/manifest.json `short_name`). */
export const brandShortName = 'MyOrg Portal';

/** The brand colours. Contrast ratios are given where they are used. */
export const brandColors = {
  /** Sidebar and the darkest page headers. */
  navy: '#0B1F4B',
  /** Sidebar hover and submenus. */
  navyRaised: '#17306A',
  /** Primary colour and links, light theme. */
  blue: '#1D4ED8',
  /** Hover of `blue`. */
  blueDeep: '#1E40AF',
  /** Primary colour and links, dark theme. */
  blueSoft: '#93B4FF',
  /** Hover of `blueSoft`. */
  blueMist: '#BFD1FF',
  /** Secondary colour, light theme. */
  teal: '#0F766E',
  /** Secondary colour, dark theme; the sidebar's selection indicator. */
  tealSoft: '#5EEAD4',
  /** Unselected sidebar items. */
  slate: '#A9B8DA',
  white: '#FFFFFF',
} as const;

/**
 * The mark on a 48 × 48 grid: a doorway on a step, cut out of a rounded
 * tile. `tile` is filled with the brand gradient (blue to teal), the
 * doorway and step with white.
 */
export const brandMark = {
  size: 48,
  tile: 'M11 0H37A11 11 0 0 1 48 11V37A11 11 0 0 1 37 48H11A11 11 0 0 1 0 37V11A11 11 0 0 1 11 0Z',
  /** The tile without rounded corners: icons that platforms round themselves. */
  square: 'M0 0H48V48H0Z',
  doorway:
    'M14 33V20A10 10 0 0 1 34 20V33H29V20A5 5 0 0 0 19 20V33Z M11 36H37V39H11Z',
  gradient: [brandColors.blue, brandColors.teal],
} as const;

/**
 * The mark as a standalone SVG document, for the icons in public/:
 * - `color`: the tile in the brand gradient, the doorway white (favicons);
 * - `square`: the same without rounded corners (apple-touch-icon: iOS
 *   rounds it and shows transparency as black);
 * - `monochrome`: one black shape, the doorway cut out (Safari's pinned
 *   tab icon, which must be a single colour).
 */
export function brandMarkSvg(
  variant: 'color' | 'square' | 'monochrome',
): string {
  const { size, tile, square, doorway, gradient } = brandMark;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}">`;
  const title = `<title>${brandName}</title>`;
  if (variant === 'monochrome') {
    return `${open}${title}<path fill="#000" fill-rule="evenodd" d="${tile} ${doorway}"/></svg>\n`;
  }
  const [from, to] = gradient;
  return (
    `${open}${title}` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/>` +
    `</linearGradient></defs>` +
    `<path fill="url(#g)" d="${variant === 'square' ? square : tile}"/>` +
    `<path fill="${brandColors.white}" d="${doorway}"/></svg>\n`
  );
}
