import fs from 'node:fs';
import path from 'node:path';
import { Validator } from 'jsonschema';
import { parse } from 'yaml';

/** A file of a template folder, or of the workspace a dry run produced. */
export type TemplateFile = {
  path: string;
  content: Buffer;
  executable?: boolean;
};

export type DryRunLogLine = {
  message: string;
  stepId?: string;
  status?: string;
};

export type DryRunStep = { id: string; name: string; action: string };

export type DryRunResult = {
  /** The rendered workspace, sorted by path. */
  files: TemplateFile[];
  log: DryRunLogLine[];
  steps: DryRunStep[];
  output: Record<string, unknown>;
  /** Each step's input as the dry run rendered it (secrets redacted). */
  stepInputs: { stepId: string; action: string; input: unknown }[];
  /**
   * What would make the template fail or produce a broken service: a step
   * that failed, an input its action's schema refuses (checked for the
   * steps a dry run skips, too), an expression left unrendered in a file.
   */
  problems: string[];
};

/** The backend refused the parameters (HTTP 400), with its reasons. */
export class TemplateParametersError extends Error {
  constructor(readonly reasons: string[]) {
    super(`The template's parameters were refused: ${reasons.join('; ')}`);
    this.name = 'TemplateParametersError';
  }
}

const IGNORED = new Set(['node_modules', '.git']);

/** template.yaml and every file beside it (skeleton included, dotfiles too). */
export function readTemplateFolder(dir: string): {
  template: Record<string, unknown>;
  files: TemplateFile[];
} {
  const templateFile = path.join(dir, 'template.yaml');
  if (!fs.existsSync(templateFile)) {
    throw new Error(`No template.yaml in ${dir}`);
  }
  const template = parse(fs.readFileSync(templateFile, 'utf8'));
  if (template?.kind !== 'Template') {
    throw new Error(
      `${templateFile} is not a Template (kind: ${template?.kind})`,
    );
  }
  const files: TemplateFile[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), {
      withFileTypes: true,
    })) {
      if (IGNORED.has(entry.name)) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const full = path.join(dir, child);
        files.push({
          path: child,
          content: fs.readFileSync(full),
          // eslint-disable-next-line no-bitwise
          executable: (fs.statSync(full).mode & 0o111) !== 0,
        });
      }
    }
  };
  walk('');
  return { template, files };
}

/** A guest token from a development backend (guest sign-in enabled). */
export async function guestToken(backendUrl: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `Guest sign-in at ${backendUrl} failed (${res.status}); pass --token <a Backstage token> for a backend without guest sign-in`,
    );
  }
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error(`Guest sign-in at ${backendUrl} gave no token`);
  return token;
}

/**
 * Dry-runs a template folder through the backend's
 * `POST /api/scaffolder/v2/dry-run`, then checks the result.
 */
export async function dryRunTemplate(options: {
  backendUrl: string;
  token: string;
  templateDir: string;
  values: Record<string, unknown>;
  secrets?: Record<string, string>;
}): Promise<DryRunResult> {
  const { backendUrl, token } = options;
  const { template, files } = readTemplateFolder(options.templateDir);
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const res = await fetch(`${backendUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      template,
      values: options.values,
      secrets: options.secrets ?? {},
      directoryContents: files.map(f => ({
        path: f.path,
        base64Content: f.content.toString('base64'),
      })),
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status === 400 && Array.isArray(body.errors)) {
    throw new TemplateParametersError(
      body.errors.map((e: { stack?: string; message?: string }) =>
        String(e.stack ?? e.message),
      ),
    );
  }
  if (!res.ok) {
    throw new Error(
      `Dry run failed (HTTP ${res.status}): ${
        body.error?.message ?? JSON.stringify(body)
      }`,
    );
  }

  const log: DryRunLogLine[] = (body.log ?? []).map(
    (entry: { body: DryRunLogLine }) => ({
      ...entry.body,
      // the task logger's lines carry terminal colours and a level prefix
      // eslint-disable-next-line no-control-regex
      message: entry.body.message.replace(/\u001b\[[0-9;]*m/g, ''),
    }),
  );
  const steps: DryRunStep[] = body.steps ?? [];
  const result: DryRunResult = {
    files: (body.directoryContents ?? [])
      .map(
        (f: { path: string; base64Content: string; executable?: boolean }) => ({
          path: f.path,
          content: Buffer.from(f.base64Content, 'base64'),
          executable: f.executable,
        }),
      )
      .sort((a: TemplateFile, b: TemplateFile) => a.path.localeCompare(b.path)),
    log,
    steps,
    output: body.output ?? {},
    stepInputs: renderedInputs(log, steps),
    problems: [],
  };

  for (const line of log) {
    if (line.status === 'failed') {
      result.problems.push(`step ${line.stepId} failed: ${line.message}`);
    }
  }
  result.problems.push(
    ...(await checkInputs(backendUrl, headers, result.stepInputs)),
  );
  for (const file of result.files) {
    const text = file.content.toString('utf8');
    const left = text.match(
      /\$\{\{\s*(values|parameters|steps|user)\b[^}]*\}\}/,
    );
    if (left) {
      result.problems.push(`${file.path}: unrendered expression ${left[0]}`);
    }
  }
  return result;
}

const INPUT_LINE =
  /^(?:\w+: )?Running (\S+) in dry-run mode with inputs \(secrets redacted\): ([\s\S]*)$/;

function renderedInputs(log: DryRunLogLine[], steps: DryRunStep[]) {
  return log.flatMap(line => {
    const match = INPUT_LINE.exec(line.message);
    if (!match || !line.stepId) return [];
    const step = steps.find(s => s.id === line.stepId);
    let input: unknown;
    try {
      input = JSON.parse(match[2]);
    } catch {
      return [];
    }
    return [{ stepId: line.stepId, action: step?.action ?? match[1], input }];
  });
}

async function checkInputs(
  backendUrl: string,
  headers: Record<string, string>,
  inputs: DryRunResult['stepInputs'],
): Promise<string[]> {
  const res = await fetch(`${backendUrl}/api/scaffolder/v2/actions`, {
    headers,
  });
  if (!res.ok) {
    return [`Could not list the backend's actions (HTTP ${res.status})`];
  }
  const actions = (await res.json()) as {
    id: string;
    schema?: { input?: object };
  }[];
  const validator = new Validator();
  return inputs.flatMap(({ stepId, action, input }) => {
    const known = actions.find(a => a.id === action);
    if (!known) return [`step ${stepId}: no action ${action} in this backend`];
    if (!known.schema?.input) return [];
    const { errors } = validator.validate(input, known.schema.input);
    return errors.map(e =>
      `step ${stepId} (${action}): input ${
        e.property.replace(/^instance\.?/, '') || ''
      } ${e.message}`.replace(/ {2}/, ' '),
    );
  });
}

/** The rendered files as an indented tree, with sizes. */
export function fileTree(files: TemplateFile[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let depth = 0; depth < parts.length - 1; depth++) {
      const dir = parts.slice(0, depth + 1).join('/');
      if (!seen.has(dir)) {
        seen.add(dir);
        lines.push(`${'  '.repeat(depth)}${parts[depth]}/`);
      }
    }
    lines.push(
      `${'  '.repeat(parts.length - 1)}${parts[parts.length - 1]}  (${
        file.content.length
      } B${file.executable ? ', executable' : ''})`,
    );
  }
  return lines.join('\n');
}

/** Writes the rendered files below a folder (e.g. to build or test them). */
export function writeFiles(files: TemplateFile[], dir: string) {
  for (const file of files) {
    const target = path.resolve(dir, file.path);
    if (!target.startsWith(path.resolve(dir) + path.sep)) {
      throw new Error(`Refusing to write outside ${dir}: ${file.path}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content, {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}
