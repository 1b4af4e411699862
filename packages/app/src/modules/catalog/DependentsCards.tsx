import { RELATION_DEPENDENCY_OF } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityRelationCard,
  entityColumnPresets,
} from '@backstage/plugin-catalog-react/alpha';

/**
 * "Depended on by": the components that depend on this component or
 * resource. The catalog plugin ships the other direction only
 * (depends-on-components, depends-on-resources).
 */
export const dependencyOfComponentsCard = EntityCardBlueprint.make({
  name: 'dependency-of-components',
  params: {
    filter: entity => ['Component', 'Resource'].includes(entity.kind),
    loader: async () => (
      <EntityRelationCard
        title="Depended on by"
        entityKind="Component"
        relationType={RELATION_DEPENDENCY_OF}
        columnConfig={entityColumnPresets.component.columns}
        emptyState={{
          message: 'No component depends on this one.',
          helpLink: entityColumnPresets.component.helpLink,
        }}
      />
    ),
  },
});
