import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { AboutField } from '@backstage/plugin-catalog';
import {
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/*
 * What the catalog's About card does not show of the AI model's entities
 * (@backstage/plugin-catalog-backend-module-ai-model): the fields of each
 * AiResource type with its source file, and where an MCP server is served.
 */

/** A spec field of an AiResource type, shown under `label`. */
type Field = { label: string; field: string; wide?: boolean };

/** The spec fields of each AiResource type (@backstage/catalog-model/alpha). */
const AI_RESOURCE_FIELDS: Record<string, Field[]> = {
  skill: [
    { label: 'Agents', field: 'agents' },
    { label: 'Disciplines', field: 'disciplines' },
    { label: 'Categories', field: 'categories' },
    { label: 'Allowed tools', field: 'allowedTools' },
    { label: 'License', field: 'license' },
    { label: 'Compatibility', field: 'compatibility' },
  ],
  rule: [
    { label: 'Category', field: 'category' },
    { label: 'Disciplines', field: 'disciplines' },
    { label: 'Rationale', field: 'rationale', wide: true },
  ],
  plugin: [{ label: 'Version', field: 'version' }],
  marketplace: [{ label: 'Version', field: 'version' }],
};

/** Entities this one relates to, by relation type and kind. */
const RELATED: Record<string, { label: string; relation: string }[]> = {
  skill: [{ label: 'Depends on', relation: RELATION_DEPENDS_ON }],
  plugin: [{ label: 'Skills', relation: RELATION_HAS_PART }],
  marketplace: [{ label: 'Plugins', relation: RELATION_HAS_PART }],
};

function FieldValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    return (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {value.map(v => (
          <Chip key={String(v)} size="small" label={String(v)} />
        ))}
      </Box>
    );
  }
  return <Typography variant="body2">{String(value)}</Typography>;
}

/** The file an entity's backstage.io/source-location names, if a URL. */
function sourceFile(entity: Entity): string | undefined {
  const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!location) return undefined;
  try {
    const { type, target } = parseLocationRef(location);
    return type === 'url' ? target : undefined;
  } catch {
    return undefined;
  }
}

export function AiResourceCard() {
  const { entity } = useEntity();
  const type = String(entity.spec?.type ?? '');
  const fields = (AI_RESOURCE_FIELDS[type] ?? []).filter(
    f => entity.spec?.[f.field] !== undefined,
  );
  const source = sourceFile(entity);
  return (
    <InfoCard title="AI resource" subheader={type}>
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <AboutField label="Source file">
            {source ? (
              <Link to={source}>{new URL(source).pathname.slice(1)}</Link>
            ) : (
              <Typography variant="body2">
                No backstage.io/source-location annotation
              </Typography>
            )}
          </AboutField>
        </Grid>
        {fields.map(f => (
          <Grid item xs={12} sm={f.wide ? 12 : 6} key={f.field}>
            <AboutField label={f.label}>
              <FieldValue value={entity.spec?.[f.field]} />
            </AboutField>
          </Grid>
        ))}
        {(RELATED[type] ?? []).map(r => {
          const refs = getEntityRelations(entity, r.relation, {
            kind: 'AiResource',
          });
          return refs.length ? (
            <Grid item xs={12} key={r.label}>
              <AboutField label={r.label}>
                <EntityRefLinks entityRefs={refs} defaultKind="AiResource" />
              </AboutField>
            </Grid>
          ) : null;
        })}
      </Grid>
    </InfoCard>
  );
}

export function McpServerCard() {
  const { entity } = useEntity();
  const remotes =
    (entity.spec?.remotes as { type: string; url: string }[] | undefined) ?? [];
  const servedBy = getEntityRelations(entity, RELATION_API_PROVIDED_BY);
  return (
    <InfoCard
      title="MCP server"
      subheader="Where MCP clients connect; its tools are in the description"
    >
      <Grid container spacing={2}>
        {remotes.map(remote => (
          <Grid item xs={12} key={`${remote.type} ${remote.url}`}>
            <AboutField label={remote.type}>
              <Typography variant="body2">
                <code>{remote.url}</code>
              </Typography>
            </AboutField>
          </Grid>
        ))}
        {servedBy.length > 0 && (
          <Grid item xs={12}>
            <AboutField label="Served by">
              <EntityRefLinks entityRefs={servedBy} defaultKind="Component" />
            </AboutField>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}

export const aiResourceCard = EntityCardBlueprint.make({
  name: 'ai-resource',
  params: {
    type: 'info',
    filter: { kind: 'AiResource' },
    loader: async () => <AiResourceCard />,
  },
});

export const mcpServerCard = EntityCardBlueprint.make({
  name: 'mcp-server',
  params: {
    type: 'info',
    filter: { kind: 'API', 'spec.type': 'mcp-server' },
    loader: async () => <McpServerCard />,
  },
});
