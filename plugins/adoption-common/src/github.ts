/**
 * A URL on a GitHub host, as the catalog's annotations and TechDocs write
 * them: `https://<host>/<owner>/<repo>[.git][/(tree|blob)/<ref>[/<path>]]`,
 * with or without the `url:` prefix of a location reference.
 *
 * @public
 */
export type GithubUrl = {
  /** lower case, with the port when there is one */
  host: string;
  owner: string;
  /** without `.git` */
  repo: string;
  /** `tree` (a folder) or `blob` (a file) when the URL names a ref */
  kind?: 'tree' | 'blob';
  /** the branch (or other ref) the URL names; the default branch when absent */
  ref?: string;
  /** the path below the repository ('' for the repository itself), no leading or trailing slash */
  path: string;
};

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The parts of a GitHub URL (`GithubUrl`); undefined for anything that is
 * not an http(s) URL naming at least an owner and a repository. The one
 * parser of repository URLs of the adoption plugins (coverage matching,
 * docs locations, the onboarding link).
 *
 * @public
 */
export function parseGithubUrl(url: string): GithubUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim().replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return undefined;
  }
  const [owner, repo, kind, ref, ...path] = parsed.pathname
    .split('/')
    .filter(Boolean)
    .map(decode);
  if (!owner || !repo) return undefined;
  const inRef = (kind === 'tree' || kind === 'blob') && !!ref;
  return {
    host: parsed.host.toLowerCase(),
    owner,
    repo: repo.replace(/\.git$/i, ''),
    ...(inRef ? { kind: kind as 'tree' | 'blob', ref } : {}),
    path: inRef ? path.join('/') : '',
  };
}
