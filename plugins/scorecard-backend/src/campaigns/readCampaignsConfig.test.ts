import { targetPaths } from '@backstage/cli-common';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readCampaignsConfig } from './readCampaignsConfig';

const CHECKS = new Set(['vulnerability-scanning', 'image-signed', 'techdocs']);

const read = (campaigns: unknown[]) =>
  readCampaignsConfig(
    new ConfigReader({ scorecard: { campaigns } } as any),
    CHECKS,
  );

const q1 = {
  id: 'q1-security',
  title: 'Q1 security',
  checks: ['vulnerability-scanning', 'image-signed'],
  scope: { kind: ['Component'], type: ['service'] },
  startDate: '2026-12-01',
  targetDate: '2027-03-31',
};

describe('readCampaignsConfig', () => {
  it("reads the portal's app-config.yaml: Q1 security over its services", () => {
    const appConfig = parse(
      fs.readFileSync(
        path.join(targetPaths.rootDir, 'app-config.yaml'),
        'utf8',
      ),
    );
    const checkIds = new Set<string>(
      appConfig.scorecard.checks.map((c: { id: string }) => c.id),
    );
    expect(readCampaignsConfig(new ConfigReader(appConfig), checkIds)).toEqual([
      {
        id: 'q1-security',
        title: 'Q1 security',
        description:
          'Every service scans its image for vulnerabilities in CI and runs a signed image.',
        checks: ['vulnerability-scanning', 'image-signed'],
        scope: { kind: ['component'], type: ['service'] },
        startDate: '2026-12-01',
        targetDate: '2027-03-31',
        reminderDays: 14,
      },
    ]);
  });

  it('reads campaigns with their defaults, the scope normalized as entities are stored', () => {
    expect(
      read([
        q1,
        {
          id: 'docs',
          title: ' Docs everywhere ',
          description: 'Every API\nhas docs',
          checks: ['techdocs'],
          scope: {
            owner: ['group:default/Payments-Squad', 'user:alice'],
            system: ['system:Orders'],
            lifecycle: ['Production'],
            tag: ['java', 'c++'],
          },
          startDate: '2027-01-01',
          targetDate: '2027-01-01',
          reminderDays: 0,
        },
      ]),
    ).toEqual([
      {
        id: 'q1-security',
        title: 'Q1 security',
        description: '',
        checks: ['vulnerability-scanning', 'image-signed'],
        scope: { kind: ['component'], type: ['service'] },
        startDate: '2026-12-01',
        targetDate: '2027-03-31',
        reminderDays: 14,
      },
      {
        id: 'docs',
        title: 'Docs everywhere',
        description: 'Every API\nhas docs',
        checks: ['techdocs'],
        scope: {
          owner: ['group:default/payments-squad', 'user:default/alice'],
          system: ['system:default/orders'],
          lifecycle: ['production'],
          tag: ['java', 'c++'],
        },
        startDate: '2027-01-01',
        targetDate: '2027-01-01',
        reminderDays: 0,
      },
    ]);
  });

  it('is empty without scorecard.campaigns', () => {
    expect(readCampaignsConfig(new ConfigReader({}), CHECKS)).toEqual([]);
  });

  it.each([
    [
      'an unknown check, naming the campaign and the check',
      { checks: ['image-signed', 'sbom'] },
      'Invalid scorecard.campaigns[0] (q1-security): checks.1: unknown check "sbom"; configured checks: vulnerability-scanning, image-signed, techdocs',
    ],
    [
      'a target date before the start date',
      { targetDate: '2026-11-30' },
      'Invalid scorecard.campaigns[0] (q1-security): targetDate: must not be before startDate (2026-12-01)',
    ],
    [
      'a date that is not YYYY-MM-DD',
      { startDate: '2026-12-1' },
      'Invalid scorecard.campaigns[0] (q1-security): startDate: must be a date, YYYY-MM-DD',
    ],
    [
      'a day that does not exist',
      { targetDate: '2027-02-30' },
      'Invalid scorecard.campaigns[0] (q1-security): targetDate: must be a calendar date',
    ],
    [
      'a bad id',
      { id: 'Q1 security' },
      'Invalid scorecard.campaigns[0] (Q1 security): id: lowercase letters, digits and hyphens',
    ],
    [
      'no checks',
      { checks: [] },
      'Invalid scorecard.campaigns[0] (q1-security): checks: Too small: expected array to have >=1 items',
    ],
    [
      'a repeated check',
      { checks: ['image-signed', 'image-signed'] },
      'Invalid scorecard.campaigns[0] (q1-security): checks: a check is repeated',
    ],
    [
      'an owner that is not a group or user ref',
      { scope: { owner: ['payments-squad'] } },
      'Invalid scorecard.campaigns[0] (q1-security): scope.owner.0: must be a group or user reference (group:default/payments)',
    ],
    [
      'a tag that is not a catalog tag',
      { scope: { tag: ['50%'] } },
      'Invalid scorecard.campaigns[0] (q1-security): scope.tag.0: a catalog tag: lowercase letters, digits, ":", "+", "#" and "-"',
    ],
    [
      'an unknown scope field',
      { scope: { team: ['x'] } },
      'Invalid scorecard.campaigns[0] (q1-security): scope: Unrecognized key: "team"',
    ],
    [
      'negative reminder days',
      { reminderDays: -1 },
      'Invalid scorecard.campaigns[0] (q1-security): reminderDays: Too small: expected number to be >=0',
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => read([{ ...q1, ...change }])).toThrow(new Error(message));
  });

  it('refuses a campaign without an id or title', () => {
    expect(() => read([{ ...q1, id: undefined, title: undefined }])).toThrow(
      new Error(
        'Invalid scorecard.campaigns[0]: title: Invalid input: expected string, received undefined; id: Invalid input: expected string, received undefined',
      ),
    );
  });

  it('refuses two campaigns of the same id', () => {
    expect(() => read([q1, { ...q1, title: 'Again' }])).toThrow(
      new Error(
        'Invalid scorecard.campaigns[1] (q1-security): id: a campaign of this id exists',
      ),
    );
  });
});
