import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';

/*
 * An example website: the storefront the sandbox's `storefront-web`
 * component is (catalog/), for Lighthouse to audit in a real browser. Plain
 * HTML and CSS with the things audits look at (a title, a description, a
 * language, alt texts, a viewport), served like a static site host.
 * `failNext('GET', '/', 503, ..., n)` takes it down for the next n requests:
 * the audit service then waits for it and the audit FAILS.
 */

const PAGE = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="MyOrg storefront: order what you need, tracked from cart to doorstep.">
<title>${title}</title>
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<header><a href="/">MyOrg Store</a> <nav><a href="/products">Products</a> <a href="/orders">Your orders</a></nav></header>
<main>${body}</main>
<footer>© MyOrg</footer>
</body>
</html>
`;

const PAGES: Record<string, string> = {
  '/': PAGE(
    'MyOrg Store',
    `<h1>Everything for your team</h1>
<p>Browse the catalogue, put what you need in the cart, and follow your order until it arrives.</p>
<img src="/hero.svg" alt="A parcel on its way" width="320" height="160">
<p><a href="/products">See the products</a></p>`,
  ),
  '/products': PAGE(
    'Products · MyOrg Store',
    `<h1>Products</h1><ul><li>Laptop stand</li><li>Headset</li><li>Standing desk</li></ul>`,
  ),
  '/orders': PAGE(
    'Your orders · MyOrg Store',
    `<h1>Your orders</h1><p>No orders yet.</p>`,
  ),
};

const CSS = `body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header,footer{padding:1rem 2rem;background:#0b3d91;color:#fff}
header a,footer a{color:#fff;margin-right:1rem}
main{padding:2rem;max-width:48rem}
a{color:#0b3d91}`;

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160"><rect width="320" height="160" fill="#e8eefb"/><rect x="120" y="50" width="80" height="60" fill="#0b3d91"/></svg>`;

export type WebsiteRecordedRequest = { method: string; path: string };

export class WebsiteStandIn extends FaultInjectingStandIn {
  readonly requests: WebsiteRecordedRequest[] = [];

  static async start(options: { port?: number } = {}) {
    const instance = new WebsiteStandIn();
    const app = express();
    app.disable('x-powered-by');
    app.use((req, _res, next) => {
      instance.requests.push({ method: req.method, path: req.path });
      next();
    });
    app.use(instance.faultInjection());
    app.get('/styles.css', (_req, res) =>
      res.type('text/css').set('cache-control', 'max-age=3600').send(CSS),
    );
    app.get('/hero.svg', (_req, res) =>
      res.type('image/svg+xml').set('cache-control', 'max-age=3600').send(SVG),
    );
    app.get('/favicon.ico', (_req, res) => res.status(204).end());
    app.get(Object.keys(PAGES), (req, res) =>
      res.type('text/html').send(PAGES[req.path]),
    );
    app.use((_req, res) =>
      res
        .status(404)
        .type('text/html')
        .send(PAGE('Not found', '<h1>Not found</h1>')),
    );
    await instance.listen(app, options.port);
    return instance;
  }

  /** A static host's error page. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    res
      .status(failure.status)
      .type('text/html')
      .send(
        `<!doctype html><title>${failure.status}</title><h1>${
          failure.message ?? 'Service Unavailable'
        }</h1>`,
      );
  }
}
