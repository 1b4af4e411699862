import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DocsPages, isDocsLocation, type DocsPage } from './docsPages';

/** An entry of MkDocs' search index: a page, or a section (`page/#anchor`). */
type IndexEntry = { location: string; title: string; text: string };

/** MkDocs' permalink marks (`¶`) carry nothing */
const clean = (text: string) => text.replace(/\s*¶/g, '').trim();

const MAX_PAGES_NAMED = 40;

/**
 * `techdocs:get-techdocs-page`: a page of an entity's TechDocs as text,
 * with its sections, read as the caller: the entity through the catalog,
 * the site through TechDocs' own static route (which checks again).
 */
export function createGetTechdocsPageAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  pages: DocsPages;
}) {
  const { actionsRegistry, catalog, auth, discovery, pages } = options;
  actionsRegistry.register({
    name: 'get-techdocs-page',
    title: 'Read a TechDocs page',
    description: `Returns the text of one page of an entity's TechDocs (runbooks, architecture, how-tos), with its sections, each with its link.
Give the page's address: the location of a search result (search's query with types ["techdocs"]), e.g. /docs/default/component/order-service/ops/runbook/, or the page's full URL in the portal; /docs/<namespace>/<kind>/<name> alone is the home page of that entity's docs. Cite the page's url, or a section's url for a precise answer.
Docs the portal has not built or published yet cannot be read (NotFoundError, with the page to open).`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: [
      {
        title: "order-service's runbook",
        input: {
          location: '/docs/default/component/order-service/ops/runbook/',
        },
      },
    ],
    schema: {
      input: z =>
        z
          .object({
            location: z
              .string()
              .min(1)
              .max(2048)
              .refine(isDocsLocation, {
                message:
                  'must be a docs page: /docs/<namespace>/<kind>/<name>/<page path>, as a search result gives it, or its URL',
              })
              .describe(
                "The page: a TechDocs search result's location (/docs/default/component/order-service/ops/runbook/) or the page's URL",
              ),
          })
          .strict(),
      output: z =>
        z.object({
          entityRef: z.string().describe('whose docs'),
          title: z.string(),
          url: z.string().describe('the page in the portal'),
          text: z.string().describe("the page's text"),
          sections: z.array(
            z.object({
              title: z.string(),
              url: z.string().describe('the section in the portal'),
              text: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const page: DocsPage = DocsPages.parse(input.location);
      const entityRef = stringifyEntityRef(page);
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new NotFoundError(`No ${entityRef} in the catalog`);

      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'techdocs',
      });
      const site = [page.namespace, page.kind, page.name]
        .map(encodeURIComponent)
        .join('/');
      const res = await fetch(
        `${await discovery.getBaseUrl(
          'techdocs',
        )}/static/docs/${site}/search/search_index.json`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (res.status === 404) {
        throw new NotFoundError(
          `The docs of ${entityRef} have not been built or published yet: opening ${pages.url(
            { ...page, path: '' },
          )} in the portal builds them where the portal builds docs`,
        );
      }
      if (!res.ok) throw await ResponseError.fromResponse(res);
      const { docs } = (await res.json()) as { docs: IndexEntry[] };

      const entry = docs.find(d => d.location === page.path);
      if (!entry) {
        const known = docs
          .filter(d => !d.location.includes('#'))
          .map(d => d.location || '(home)');
        throw new NotFoundError(
          `No page ${page.path} in the docs of ${entityRef}; its pages: ${known
            .slice(0, MAX_PAGES_NAMED)
            .join(', ')}${known.length > MAX_PAGES_NAMED ? ', ...' : ''}`,
        );
      }
      const sections = docs
        .filter(d => d.location.startsWith(`${page.path}#`))
        .map(d => ({
          title: clean(d.title),
          url: pages.url(page, d.location.slice(page.path.length)),
          text: clean(d.text),
        }));
      // MkDocs' own search puts the whole page in its entry; Material's,
      // only what comes before the first section
      const pageText = clean(entry.text);
      const whole = sections.every(s => pageText.includes(s.text));
      const text = whole
        ? pageText
        : [pageText, ...sections.map(s => `${s.title}\n${s.text}`)]
            .filter(Boolean)
            .join('\n\n');
      return {
        output: {
          entityRef,
          title: clean(entry.title),
          url: pages.url(page),
          text,
          sections,
        },
      };
    },
  });
}
