import { useId } from 'react';
import { brandColors, brandMark } from '../theme/brand';

/**
 * The brand mark's shapes (../theme/brand.ts), for an `<svg>` whose
 * coordinates put it at 0,0 in 48 × 48.
 */
export const BrandMark = () => {
  const gradientId = `myorg-mark-${useId()}`;
  const [from, to] = brandMark.gradient;
  return (
    <>
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={from} />
          <stop offset="1" stopColor={to} />
        </linearGradient>
      </defs>
      <path fill={`url(#${gradientId})`} d={brandMark.tile} />
      <path fill={brandColors.white} d={brandMark.doorway} />
    </>
  );
};
