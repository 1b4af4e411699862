import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  DryRunResult,
  TemplateParametersError,
  dryRunTemplate,
  fileTree,
  guestToken,
  writeFiles,
} from './dryRun';

const USAGE = `Usage: template-dry-run <template folder> [options]

Dry-runs a Software Template through a running backend (POST
/api/scaffolder/v2/dry-run) and prints the steps, the step log, the rendered
file tree and what would go wrong. Nothing is published or created.

Options:
  --values <file.yaml>   the form's values (YAML or JSON)
  --set <key>=<value>    one value (repeatable; true/false become booleans)
  --backend <url>        the backend (default $BACKSTAGE_BACKEND_URL or http://localhost:7007)
  --token <token>        a Backstage token (default $BACKSTAGE_TOKEN, else guest sign-in)
  --out <folder>         also write the rendered files there
  --show <path>          also print one rendered file (repeatable)
  --json                 print the whole result as JSON

Exit code: 0 when the dry run succeeded with no problems, 1 otherwise.
`;

export async function main(argv: string[], log = console.log): Promise<number> {
  const args = [...argv];
  const values: Record<string, unknown> = {};
  const show: string[] = [];
  let backendUrl = process.env.BACKSTAGE_BACKEND_URL ?? 'http://localhost:7007';
  let token = process.env.BACKSTAGE_TOKEN;
  let out: string | undefined;
  let json = false;
  const positional: string[] = [];
  while (args.length) {
    const arg = args.shift()!;
    if (arg === '--values') {
      const file = args.shift() ?? '';
      Object.assign(values, parse(fs.readFileSync(file, 'utf8')) ?? {});
    } else if (arg === '--set') {
      const [key, ...rest] = (args.shift() ?? '').split('=');
      const raw = rest.join('=');
      if (!key || !rest.length) {
        log(`--set needs key=value\n\n${USAGE}`);
        return 2;
      }
      values[key] = raw === 'true' || raw === 'false' ? raw === 'true' : raw;
    } else if (arg === '--backend') backendUrl = args.shift() ?? backendUrl;
    else if (arg === '--token') token = args.shift();
    else if (arg === '--out') out = args.shift();
    else if (arg === '--show') show.push(args.shift() ?? '');
    else if (arg === '--json') json = true;
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
  const templateDir = path.resolve(positional[0]);
  backendUrl = backendUrl.replace(/\/+$/, '');

  let result: DryRunResult;
  try {
    result = await dryRunTemplate({
      backendUrl,
      token: token ?? (await guestToken(backendUrl)),
      templateDir,
      values,
    });
  } catch (error) {
    if (error instanceof TemplateParametersError) {
      log('The backend refused these parameters:');
      for (const reason of error.reasons) log(`  - ${reason}`);
      return 1;
    }
    throw error;
  }

  if (json) {
    log(
      JSON.stringify(
        {
          ...result,
          files: result.files.map(f => ({
            path: f.path,
            executable: f.executable,
            content: f.content.toString('utf8'),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    log(report(templateDir, backendUrl, result, show));
  }
  if (out) {
    writeFiles(result.files, path.resolve(out));
    if (!json) log(`\nWrote ${result.files.length} files to ${out}`);
  }
  return result.problems.length ? 1 : 0;
}

function report(
  templateDir: string,
  backendUrl: string,
  result: DryRunResult,
  show: string[],
): string {
  const lines = [`Dry run of ${templateDir} on ${backendUrl}`, '', 'Steps:'];
  for (const step of result.steps) {
    const ended = [...result.log]
      .reverse()
      .find(l => l.stepId === step.id && l.status)?.status;
    lines.push(
      `  ${(ended ?? 'not run').padEnd(9)} ${step.id}  ${step.name} (${
        step.action
      })`,
    );
  }
  lines.push('', 'Step log:');
  for (const line of result.log) {
    lines.push(`  [${line.stepId ?? 'task'}] ${line.message}`);
  }
  lines.push('', `Files (${result.files.length}):`);
  lines.push(
    fileTree(result.files)
      .split('\n')
      .map(l => `  ${l}`)
      .join('\n'),
  );
  for (const wanted of show) {
    const file = result.files.find(f => f.path === wanted);
    lines.push('', `--- ${wanted}`);
    lines.push(file ? file.content.toString('utf8') : '(not rendered)');
  }
  lines.push('', 'Output:', `  ${JSON.stringify(result.output)}`);
  lines.push(
    '',
    result.problems.length
      ? `Problems (${result.problems.length}):\n${result.problems
          .map(p => `  - ${p}`)
          .join('\n')}`
      : 'Problems: none',
  );
  return lines.join('\n');
}
