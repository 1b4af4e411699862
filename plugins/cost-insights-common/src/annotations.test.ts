import type { Entity } from '@backstage/catalog-model';
import {
  COST_TAG_ANNOTATION,
  costTagOf,
  hasCostTagAnnotation,
  parseCostTag,
} from './annotations';

const component = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', annotations },
  spec: {},
});

describe('cost tag annotation', () => {
  it('reads key=value', () => {
    expect(parseCostTag('service=order-service')).toEqual({
      key: 'service',
      value: 'order-service',
    });
    // the first = separates: values may contain =
    expect(parseCostTag('cost-center=a=b')).toEqual({
      key: 'cost-center',
      value: 'a=b',
    });
    expect(parseCostTag('team:name=order_squad@eu/1.2+x')).toEqual({
      key: 'team:name',
      value: 'order_squad@eu/1.2+x',
    });
  });

  it.each([
    ['service=order service', /the value "order service" contains spaces/],
    ['my service=order-service', /the key "my service" contains spaces/],
    ['service', /has no "="/],
    ['=order-service', /the tag key is empty/],
    ['service=', /the tag value is empty/],
    ['service=order#1', /characters AWS does not allow/],
    ['aws:createdBy=me', /reserved by AWS/],
    [`${'k'.repeat(129)}=v`, /longer than 128/],
    [`k=${'v'.repeat(257)}`, /longer than 256/],
  ])('explains what is wrong with %j', (value, message) => {
    const result = parseCostTag(value);
    expect(result).toEqual({ problem: expect.stringMatching(message) });
    expect((result as { problem: string }).problem).toMatch(
      /^myorg\.com\/cost-tag must be one cost-allocation tag as key=value/,
    );
  });

  it('defaults to the service tag named like the entity', () => {
    expect(hasCostTagAnnotation(component())).toBe(false);
    expect(costTagOf(component())).toEqual({
      key: 'service',
      value: 'order-service',
    });
    expect(costTagOf(component(), 'app')).toEqual({
      key: 'app',
      value: 'order-service',
    });
    const annotated = component({ [COST_TAG_ANNOTATION]: 'app=orders' });
    expect(hasCostTagAnnotation(annotated)).toBe(true);
    expect(costTagOf(annotated)).toEqual({ key: 'app', value: 'orders' });
  });
});
