import { Entity } from '@backstage/catalog-model';
import { AnnotationLinksProcessor } from './AnnotationLinksProcessor';

const entity = (
  annotations: Record<string, string>,
  links: Entity['metadata']['links'] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', annotations, links },
  spec: {},
});

describe('AnnotationLinksProcessor', () => {
  const processor = new AnnotationLinksProcessor([
    {
      annotation: 'github.com/project-slug',
      title: 'CI',
      url: 'https://github.com/{value}/actions',
      icon: 'github',
    },
    {
      annotation: 'pagerduty.com/service-id',
      title: 'PagerDuty',
      url: 'https://myorg.pagerduty.com/service-directory/{value}',
    },
    {
      annotation: 'grafana/dashboard-selector',
      title: 'Grafana dashboards',
      url: 'https://grafana.example.com/dashboards?query={1}',
      match: "^title='(.+)'$",
    },
  ]);

  it('adds a link per annotation present, keeping existing links first', async () => {
    const result = await processor.postProcessEntity(
      entity(
        {
          'github.com/project-slug': 'myorg/order-service',
          'pagerduty.com/service-id': 'PXXXXX',
          'grafana/dashboard-selector': "title='Order Service RED'",
        },
        [
          {
            url: 'https://runbooks.example.com/order-service',
            title: 'Runbook',
            icon: 'docs',
          },
        ],
      ),
    );
    expect(result.metadata.links).toEqual([
      {
        url: 'https://runbooks.example.com/order-service',
        title: 'Runbook',
        icon: 'docs',
      },
      {
        url: 'https://github.com/myorg/order-service/actions',
        title: 'CI',
        icon: 'github',
      },
      {
        url: 'https://myorg.pagerduty.com/service-directory/PXXXXX',
        title: 'PagerDuty',
      },
      {
        url: 'https://grafana.example.com/dashboards?query=Order%20Service%20RED',
        title: 'Grafana dashboards',
      },
    ]);
  });

  it('encodes values so they cannot leave the configured URL', async () => {
    const result = await processor.postProcessEntity(
      entity({ 'pagerduty.com/service-id': 'x?y=1#frag&z' }),
    );
    expect(result.metadata.links?.[0].url).toBe(
      'https://myorg.pagerduty.com/service-directory/x%3Fy%3D1%23frag%26z',
    );
  });

  it('skips values that do not match, and links that exist', async () => {
    const e = entity(
      {
        'grafana/dashboard-selector': 'tag=red',
        'github.com/project-slug': 'myorg/x',
      },
      [{ url: 'https://github.com/myorg/x/actions', title: 'Actions' }],
    );
    const result = await processor.postProcessEntity(e);
    expect(result).toBe(e);
  });

  it('refuses a rule whose URL does not start with a fixed host', () => {
    expect(
      () =>
        new AnnotationLinksProcessor([
          { annotation: 'a', title: 'A', url: '{value}' },
        ]),
    ).toThrow(/must start with http\(s\):\/\/host/);
  });
});
