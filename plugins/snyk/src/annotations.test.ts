import { Entity } from '@backstage/catalog-model';
import { parseSnykAnnotations } from './annotations';

const ORG = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const ID = 'c0ffee00-5e7a-4b1d-9c3a-0a1b2c3d4e02';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('parseSnykAnnotations', () => {
  it('takes project ids first, then the target id, then the GitHub slug', () => {
    expect(
      parseSnykAnnotations(
        entity({
          'snyk.io/org-id': ORG,
          'snyk.io/project-ids': `${ID}, ${ID}`,
          'snyk.io/target-id': ID,
        }),
      ),
    ).toEqual({ orgId: ORG, projectIds: [ID, ID], excludeProjectIds: [] });
    expect(
      parseSnykAnnotations(
        entity({ 'snyk.io/org-id': ORG, 'snyk.io/target-id': ID }),
      ),
    ).toEqual({ orgId: ORG, target: { id: ID }, excludeProjectIds: [] });
    expect(
      parseSnykAnnotations(
        entity({
          'snyk.io/org-id': ORG,
          'github.com/project-slug': 'myorg/order-service',
          'snyk.io/exclude-project-ids': ID,
        }),
      ),
    ).toEqual({
      orgId: ORG,
      target: { displayName: 'myorg/order-service' },
      excludeProjectIds: [ID],
    });
  });

  it.each([
    [{ 'snyk.io/org-id': 'myorg' }, /org-id must be .* "myorg" is not one/],
    [
      { 'snyk.io/org-id': ORG, 'snyk.io/project-ids': `${ID},junk` },
      /"junk" is not one/,
    ],
    [
      { 'snyk.io/org-id': ORG, 'snyk.io/target-id': 'order-service' },
      /target-id must be/,
    ],
    [{ 'snyk.io/org-id': ORG }, /Name the Snyk projects/],
    [
      { 'snyk.io/org-id': ORG, 'github.com/project-slug': 'not a slug' },
      /Name the Snyk projects/,
    ],
  ])('explains %j', (annotations, message) => {
    const result = parseSnykAnnotations(entity(annotations));
    expect('problem' in result && result.problem).toMatch(message);
  });
});
