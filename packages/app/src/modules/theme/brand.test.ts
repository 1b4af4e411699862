import { targetPaths } from '@backstage/cli-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { brandMarkSvg, brandName, brandShortName } from './brand';

/*
 * What cannot import brand.ts carries the same brand: the config's app.title
 * (the browser title), the web manifest, and the icons in public/, which
 * scripts/generate-icons.mjs makes from the mark.
 */

const repoFile = (...segments: string[]) =>
  path.join(targetPaths.rootDir, ...segments);
const publicFile = (name: string) =>
  repoFile('packages', 'app', 'public', name);

describe('brand', () => {
  it.each(['app-config.yaml', 'app-config.production.yaml'])(
    'is the app title in %s',
    file => {
      const config = parse(fs.readFileSync(repoFile(file), 'utf8'));
      expect(config.app.title).toBe(brandName);
    },
  );

  it('names the web manifest', () => {
    const manifest = JSON.parse(
      fs.readFileSync(publicFile('manifest.json'), 'utf8'),
    );
    expect(manifest).toMatchObject({
      name: brandName,
      short_name: brandShortName,
    });
  });

  it("is Safari's pinned tab icon", () => {
    expect(fs.readFileSync(publicFile('safari-pinned-tab.svg'), 'utf8')).toBe(
      brandMarkSvg('monochrome'),
    );
  });

  it.each([
    ['favicon-16x16.png', 16],
    ['favicon-32x32.png', 32],
    ['apple-touch-icon.png', 180],
    ['android-chrome-192x192.png', 192],
  ])('is %s, %i pixels square', (file, size) => {
    const png = fs.readFileSync(publicFile(file));
    // PNG signature, then IHDR's width and height
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  });

  it('is favicon.ico, at 16, 32 and 48 pixels', () => {
    const ico = fs.readFileSync(publicFile('favicon.ico'));
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i]);
    expect(sizes).toEqual([16, 32, 48]);
  });
});
