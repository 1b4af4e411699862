/*
 * The JavaScript a browser downloads before an app can show anything: the
 * scripts `index.html` of a built Backstage app (`packages/app/dist`) loads,
 * every page alike. Lazy chunks come on top, per page. Shared by
 * bench/portal.mjs (ours) and bench/stock-app.mjs (the stock app's).
 */
import fs from 'node:fs';
import path from 'node:path';

/** KB (uncompressed) of the scripts `<dist>/index.html` loads. */
export function firstDownloadJsKb(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="\/?([^"]+\.js)"/g)];
  if (!scripts.length) throw new Error(`${dist}/index.html loads no script`);
  const bytes = scripts.reduce(
    (sum, [, src]) => sum + fs.statSync(path.join(dist, src)).size,
    0,
  );
  return Math.round(bytes / 1024);
}
