/*
 * What the Snyk stand-in holds: organizations, their targets (repositories),
 * the projects scanned in each target and the issues each project has, in
 * the attribute names of Snyk's REST API (https://docs.snyk.io/snyk-api).
 */

export type SnykSeverity = 'critical' | 'high' | 'medium' | 'low';

export type SnykOrg = { id: string; name: string; slug: string };

export type SnykTarget = {
  id: string;
  orgId: string;
  /** `myorg/order-service`, as Snyk names a GitHub repository */
  displayName: string;
  url: string;
};

export type SnykProject = {
  id: string;
  orgId: string;
  targetId: string;
  /** `myorg/order-service:go.mod` */
  name: string;
  /** `gomod`, `npm`, `sast`, ... */
  type: string;
  targetFile: string;
};

export type SnykIssue = {
  id: string;
  orgId: string;
  projectId: string;
  key: string;
  title: string;
  type: 'package_vulnerability' | 'code' | 'license';
  effectiveSeverityLevel: SnykSeverity;
  status: 'open' | 'resolved';
  /** `SNYK-GOLANG-...`, a CVE, a CWE */
  problemId: string;
  createdAt: string;
};

/** The issues of a project to seed, with the project and target around them. */
export type SnykProjectSeed = {
  org: SnykOrg;
  target: { id: string; displayName: string; url: string };
  project: { id: string; name: string; type: string; targetFile: string };
  issues: Omit<SnykIssue, 'id' | 'orgId' | 'projectId' | 'key' | 'createdAt'>[];
};

/** The stand-in's state, by id. */
export class SnykModel {
  readonly orgs = new Map<string, SnykOrg>();
  readonly targets = new Map<string, SnykTarget>();
  readonly projects = new Map<string, SnykProject>();
  readonly issues: SnykIssue[] = [];

  seed(seed: SnykProjectSeed): void {
    this.orgs.set(seed.org.id, seed.org);
    this.targets.set(seed.target.id, { ...seed.target, orgId: seed.org.id });
    this.projects.set(seed.project.id, {
      ...seed.project,
      orgId: seed.org.id,
      targetId: seed.target.id,
    });
    seed.issues.forEach((issue, i) => {
      const n = this.issues.length + 1;
      this.issues.push({
        ...issue,
        id: uuidFrom(`${seed.project.id}-${i}`),
        key: `${issue.problemId}:${seed.project.id}:${i}`,
        orgId: seed.org.id,
        projectId: seed.project.id,
        createdAt: new Date(Date.UTC(2026, 9, 1) + n * 3600_000).toISOString(),
      });
    });
  }
}

/** A stable UUID-shaped id from a string (ids of seeded issues). */
export function uuidFrom(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const char of text) {
    h1 = Math.imul(h1 ^ char.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 + char.charCodeAt(0), 2246822507) >>> 0;
  }
  const hex = (
    h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')
  ).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
