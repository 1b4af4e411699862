import path from 'node:path';
import fs from 'node:fs';
import { generateAll } from './generate';

const USAGE = `Usage: catalog-info-generate <folder of checked-out repositories> [options]

Writes a draft catalog-info.yaml into each repository that has none.

Options:
  --default-owner <ref>  owner when CODEOWNERS names none (e.g. group:platform-team)
  --github-host <host>   host of the remotes that give github.com/project-slug (default github.com)
  --dry-run              report what would be written, write nothing
`;

export async function main(argv: string[], log = console.log): Promise<number> {
  const args = [...argv];
  const options: {
    defaultOwner?: string;
    githubHost?: string;
    dryRun?: boolean;
  } = {};
  const positional: string[] = [];
  while (args.length) {
    const arg = args.shift()!;
    if (arg === '--default-owner') options.defaultOwner = args.shift();
    else if (arg === '--github-host') options.githubHost = args.shift();
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--help' || arg === '-h') {
      log(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      log(`Unknown option ${arg}\n\n${USAGE}`);
      return 2;
    } else positional.push(arg);
  }
  if (positional.length !== 1) {
    log(USAGE);
    return 2;
  }
  const root = path.resolve(positional[0]);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    log(`Not a folder: ${root}`);
    return 2;
  }
  const results = await generateAll(root, options);
  for (const r of results) {
    if ('entity' in r) {
      const spec = r.entity.spec as { owner: string; type: string };
      const verb = r.status === 'written' ? 'wrote   ' : 'would write';
      log(
        `${verb} ${r.repo}/catalog-info.yaml  (${spec.type}, owner ${
          spec.owner
        }, tags ${(r.entity.metadata.tags ?? []).join(',') || '-'})`,
      );
    } else {
      log(
        `${r.status === 'failed' ? 'FAILED  ' : 'skipped '} ${r.repo}: ${
          r.reason
        }`,
      );
    }
  }
  const count = (s: string) => results.filter(r => r.status === s).length;
  log(
    `\n${results.length} repositories: ${
      count('written') + count('would-write')
    } ${options.dryRun ? 'to write' : 'written'}, ${count(
      'skipped',
    )} skipped, ${count('failed')} failed`,
  );
  return count('failed') > 0 ? 1 : 0;
}
