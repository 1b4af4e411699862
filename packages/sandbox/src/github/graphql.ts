import { buildSchema, graphql, GraphQLSchema } from 'graphql';
import type { RepoContent } from './content';
import { GitHubOrg, GitHubRepo, GitHubTeam, GitHubUser, nodeId } from './model';
import { pullsOfBranch } from './pulls';

/**
 * The subset of GitHub's GraphQL schema (https://docs.github.com/graphql)
 * that Backstage's GitHub providers query: organisation members and teams,
 * repositories with a file read through `object(expression:)`.
 */
const SDL = `
  type Query {
    repositoryOwner(login: String!): RepositoryOwner
    organization(login: String!): Organization
    user(login: String!): User
    repository(owner: String!, name: String!): Repository
  }

  type PageInfo { hasNextPage: Boolean!, endCursor: String }

  interface RepositoryOwner {
    login: String!
    repositories(first: Int, after: String): RepositoryConnection!
    repository(name: String!): Repository
  }

  type Organization implements RepositoryOwner {
    id: ID!
    login: String!
    name: String
    repositories(first: Int, after: String): RepositoryConnection!
    repository(name: String!): Repository
    membersWithRole(first: Int, after: String): OrganizationMemberConnection!
    teams(first: Int, after: String, userLogins: [String!]): TeamConnection!
    team(slug: String!): Team
  }

  type User implements RepositoryOwner {
    id: ID!
    login: String!
    name: String
    email: String!
    bio: String
    avatarUrl(size: Int): String!
    suspendedAt: String
    organizationVerifiedDomainEmails(login: String!): [String!]!
    repositories(first: Int, after: String): RepositoryConnection!
    repository(name: String!): Repository
    organizations(first: Int, after: String): OrganizationConnection!
  }

  type OrganizationConnection { nodes: [Organization], pageInfo: PageInfo!, totalCount: Int! }
  type OrganizationMemberConnection { nodes: [User], pageInfo: PageInfo!, totalCount: Int! }
  type RepositoryConnection { nodes: [Repository], pageInfo: PageInfo!, totalCount: Int! }
  type TeamConnection { nodes: [Team], pageInfo: PageInfo!, totalCount: Int! }
  type TeamMemberConnection { nodes: [User], pageInfo: PageInfo!, totalCount: Int! }
  type RepositoryTopicConnection { nodes: [RepositoryTopic], totalCount: Int! }

  enum TeamMembershipType { IMMEDIATE CHILD_TEAM ALL }
  enum RepositoryVisibility { PUBLIC PRIVATE INTERNAL }

  type Team {
    id: ID!
    slug: String!
    combinedSlug: String!
    name: String!
    description: String
    avatarUrl(size: Int): String
    editTeamUrl: String!
    parentTeam: Team
    members(first: Int, after: String, membership: TeamMembershipType): TeamMemberConnection!
  }

  type Repository {
    id: ID!
    name: String!
    nameWithOwner: String!
    url: String!
    description: String
    isArchived: Boolean!
    isFork: Boolean!
    isPrivate: Boolean!
    visibility: RepositoryVisibility!
    repositoryTopics(first: Int, after: String): RepositoryTopicConnection!
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    object(expression: String!): GitObject
  }

  type Ref {
    name: String!
    prefix: String!
    associatedPullRequests(first: Int, after: String, states: [PullRequestState!]): PullRequestConnection!
  }
  enum PullRequestState { OPEN CLOSED MERGED }
  type PullRequestConnection { nodes: [PullRequest], edges: [PullRequestEdge], pageInfo: PageInfo!, totalCount: Int! }
  type PullRequestEdge { node: PullRequest, cursor: String! }
  type PullRequest {
    id: ID!
    number: Int!
    url: String!
    title: String!
    state: PullRequestState!
    isDraft: Boolean!
    headRefName: String!
    baseRefName: String!
  }
  type RepositoryTopic { topic: Topic! }
  type Topic { name: String! }

  interface GitObject { id: ID!, oid: String! }
  type Blob implements GitObject { id: ID!, oid: String!, text: String, byteSize: Int! }
  type Tree implements GitObject { id: ID!, oid: String! }
`;

export type GraphQLContext = {
  orgs: Map<string, GitHubOrg>;
  users: Map<string, GitHubUser>;
  webBaseUrl: string;
  /** Organisations the caller may see (an installation sees its own). */
  visibleOrgs: Set<string> | 'all';
  /** A repository's git data (in memory or git-backed). */
  content: (repo: GitHubRepo) => RepoContent;
};

function connection<T>(items: T[], args: { first?: number; after?: string }) {
  const start = args.after
    ? Number(Buffer.from(args.after, 'base64').toString()) + 1
    : 0;
  const first = Math.min(args.first ?? 100, 100);
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length - 1;
  return {
    nodes,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end + 1 < items.length,
      endCursor: nodes.length
        ? Buffer.from(String(end)).toString('base64')
        : null,
    },
  };
}

export class GitHubGraphQL {
  private readonly schema: GraphQLSchema = buildSchema(SDL);

  async execute(
    ctx: GraphQLContext,
    query: string,
    variables: Record<string, unknown> | undefined,
  ) {
    const result = await graphql({
      schema: this.schema,
      source: query,
      rootValue: this.root(ctx),
      variableValues: variables,
    });
    // GitHub reports a missing owner as NOT_FOUND next to `null` data.
    return {
      ...result,
      errors: result.errors?.map(e => ({
        ...(e.originalError && 'githubType' in e.originalError
          ? { type: (e.originalError as any).githubType }
          : {}),
        path: e.path,
        locations: e.locations,
        message: e.message,
      })),
    };
  }

  private root(ctx: GraphQLContext) {
    const visible = (login: string) =>
      ctx.visibleOrgs === 'all' || ctx.visibleOrgs.has(login.toLowerCase());
    const findOrg = (login: string) => {
      const org = ctx.orgs.get(login.toLowerCase());
      return org && visible(org.login) ? org : undefined;
    };
    const notFound = (what: string, login: string) => {
      const error = new Error(
        `Could not resolve to ${what} with the login of '${login}'.`,
      );
      (error as any).githubType = 'NOT_FOUND';
      return error;
    };
    const user = (login: string) => this.user(ctx, login);
    return {
      repositoryOwner: ({ login }: { login: string }) => {
        const org = findOrg(login);
        if (org) return this.org(ctx, org);
        if (ctx.users.has(login.toLowerCase())) return user(login);
        throw notFound('a RepositoryOwner', login);
      },
      organization: ({ login }: { login: string }) => {
        const org = findOrg(login);
        if (!org) throw notFound('an Organization', login);
        return this.org(ctx, org);
      },
      user: ({ login }: { login: string }) => {
        if (!ctx.users.has(login.toLowerCase()))
          throw notFound('a User', login);
        return user(login);
      },
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const org = findOrg(owner);
        const repo = org?.repos.get(name.toLowerCase());
        if (!org || !repo) {
          const error = new Error(
            `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          );
          (error as any).githubType = 'NOT_FOUND';
          throw error;
        }
        return this.repo(ctx, org, repo);
      },
    };
  }

  private user(ctx: GraphQLContext, login: string) {
    const u = ctx.users.get(login.toLowerCase())!;
    const orgs = [...ctx.orgs.values()].filter(o =>
      o.members.includes(u.login),
    );
    return {
      __typename: 'User',
      id: nodeId('User', u.login),
      login: u.login,
      name: u.name ?? null,
      email: u.email ?? '',
      bio: u.bio ?? null,
      avatarUrl: () => `${ctx.webBaseUrl}/avatars/${u.login}.png`,
      suspendedAt: null,
      organizationVerifiedDomainEmails: () => (u.email ? [u.email] : []),
      repositories: () => connection([], {}),
      repository: () => null,
      organizations: (args: { first?: number; after?: string }) =>
        connection(
          orgs.map(o => this.org(ctx, o)),
          args,
        ),
    };
  }

  private org(ctx: GraphQLContext, org: GitHubOrg) {
    const team = (t: GitHubTeam): any => ({
      id: nodeId('Team', `${org.login}/${t.slug}`),
      slug: t.slug,
      combinedSlug: `${org.login}/${t.slug}`,
      name: t.name,
      description: t.description ?? null,
      avatarUrl: () => null,
      editTeamUrl: `${ctx.webBaseUrl}/orgs/${org.login}/teams/${t.slug}/edit`,
      parentTeam: () =>
        t.parent && org.teams.has(t.parent)
          ? team(org.teams.get(t.parent)!)
          : null,
      members: (args: {
        first?: number;
        after?: string;
        membership?: string;
      }) => {
        let logins = [...t.members];
        if (args.membership === 'ALL' || args.membership === 'CHILD_TEAM') {
          const children = [...org.teams.values()].filter(
            c => c.parent === t.slug,
          );
          const childLogins = children.flatMap(c => c.members);
          logins =
            args.membership === 'ALL'
              ? [...new Set([...logins, ...childLogins])]
              : childLogins;
        }
        return connection(
          logins.map(l => this.user(ctx, l)),
          args,
        );
      },
    });
    return {
      __typename: 'Organization',
      id: nodeId('Organization', org.login),
      login: org.login,
      name: org.login,
      repositories: (args: { first?: number; after?: string }) =>
        connection(
          [...org.repos.values()].map(r => this.repo(ctx, org, r)),
          args,
        ),
      repository: ({ name }: { name: string }) => {
        const repo = org.repos.get(name.toLowerCase());
        return repo ? this.repo(ctx, org, repo) : null;
      },
      membersWithRole: (args: { first?: number; after?: string }) =>
        connection(
          org.members.map(l => this.user(ctx, l)),
          args,
        ),
      teams: (args: {
        first?: number;
        after?: string;
        userLogins?: string[];
      }) => {
        let teams = [...org.teams.values()];
        if (args.userLogins?.length) {
          teams = teams.filter(t =>
            t.members.some(m => args.userLogins!.includes(m)),
          );
        }
        return connection(teams.map(team), args);
      },
      team: ({ slug }: { slug: string }) =>
        org.teams.has(slug) ? team(org.teams.get(slug)!) : null,
    };
  }

  private repo(ctx: GraphQLContext, org: GitHubOrg, repo: GitHubRepo) {
    // a branch, with the pull requests whose head it is (pulls.ts)
    const branchRef = (name: string) => ({
      name,
      prefix: 'refs/heads/',
      associatedPullRequests: (args: {
        first?: number;
        after?: string;
        states?: string[];
      }) => {
        const pulls = pullsOfBranch(repo, name)
          .map(p => ({
            id: nodeId('PullRequest', `${org.login}/${repo.name}#${p.number}`),
            number: p.number,
            url: `${ctx.webBaseUrl}/${org.login}/${repo.name}/pull/${p.number}`,
            title: p.title,
            state: p.mergedAt ? 'MERGED' : p.state.toUpperCase(),
            isDraft: p.draft,
            headRefName: p.head,
            baseRefName: p.base,
          }))
          .filter(p => !args.states?.length || args.states.includes(p.state));
        const page = connection(pulls, args);
        const start = args.after
          ? Number(Buffer.from(args.after, 'base64').toString()) + 1
          : 0;
        return {
          ...page,
          edges: page.nodes.map((node, i) => ({
            node,
            cursor: Buffer.from(String(start + i)).toString('base64'),
          })),
        };
      },
    });
    return {
      id: nodeId('Repository', `${org.login}/${repo.name}`),
      name: repo.name,
      nameWithOwner: `${org.login}/${repo.name}`,
      url: `${ctx.webBaseUrl}/${org.login}/${repo.name}`,
      description: repo.description ?? null,
      isArchived: repo.archived,
      isFork: repo.fork,
      isPrivate: repo.visibility !== 'public',
      visibility: repo.visibility.toUpperCase(),
      repositoryTopics: () => ({
        nodes: repo.topics.map(name => ({ topic: { name } })),
        totalCount: repo.topics.length,
      }),
      defaultBranchRef: async () =>
        (await ctx.content(repo).resolveCommit(repo.defaultBranch))
          ? branchRef(repo.defaultBranch)
          : null,
      ref: async ({ qualifiedName }: { qualifiedName: string }) => {
        const name = qualifiedName.replace(/^refs\/heads\//, '');
        const branches = await ctx.content(repo).branches();
        return branches.some(b => b.name === name) ? branchRef(name) : null;
      },
      object: async ({ expression }: { expression: string }) => {
        // "<ref>:<path>", ref HEAD meaning the default branch
        const colon = expression.indexOf(':');
        const ref = colon >= 0 ? expression.slice(0, colon) : expression;
        const path =
          colon >= 0 ? expression.slice(colon + 1).replace(/^\/|\/$/g, '') : '';
        const content = ctx.content(repo);
        const commit = await content.resolveCommit(
          ref === 'HEAD' ? repo.defaultBranch : ref,
        );
        if (!commit) return null;
        const entry = await content.entry(commit, path);
        if (!entry) return null;
        if (entry.type === 'file') {
          return {
            __typename: 'Blob',
            id: nodeId('Blob', entry.sha),
            oid: entry.sha,
            text: entry.content.toString('utf8'),
            byteSize: entry.size,
          };
        }
        return {
          __typename: 'Tree',
          id: nodeId('Tree', entry.sha),
          oid: entry.sha,
        };
      },
    };
  }
}
