/*
 * What costs, by package: V8's CPU profiles (`--cpu-prof`) and sampling heap
 * profiles (`--heap-prof`, the allocations still live when the process
 * ended) of the two images' runs in bench/prod/measureImages.ts --profile,
 * summed by the npm package (or workspace folder) whose code ran or
 * allocated, and printed side by side.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     bench/prod/profileByPackage.ts DIR
 *
 * DIR holds <image>/<run>/ folders with the .cpuprofile and .heapprofile
 * files of one process each.
 */
import fs from 'node:fs';
import path from 'node:path';

type CallFrame = { url?: string; functionName?: string };

/** The package a script belongs to: node_modules/<pkg>, or our folder. */
export function packageOf(url: string | undefined): string {
  if (!url) return '(V8: GC, compiler, native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/(packages|plugins)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}

/** CPU time (ms) by package, from a .cpuprofile. */
export function cpuByPackage(file: string): Map<string, number> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: CallFrame }[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = packageOf(nodes.get(id)?.callFrame.url);
    out.set(key, (out.get(key) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return out;
}

type HeapNode = {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
};

/** Live sampled heap (MB) by package, from a .heapprofile. */
export function heapByPackage(file: string): Map<string, number> {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    head: HeapNode;
  };
  const out = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const key = packageOf(node.callFrame.url);
    out.set(key, (out.get(key) ?? 0) + node.selfSize / 2 ** 20);
    node.children.forEach(walk);
  };
  walk(profile.head);
  return out;
}

const sum = (m: Map<string, number>) =>
  [...m.values()].reduce((a, b) => a + b, 0);

/** Prints the top packages of each image's run, side by side with totals. */
export function printComparison(
  title: string,
  unit: string,
  byImage: Record<string, Map<string, number>>,
  top = 20,
) {
  const names = Object.keys(byImage);
  console.log(
    `\n${title} (${names
      .map(n => `${n} ${sum(byImage[n]).toFixed(0)} ${unit}`)
      .join(', ')})`,
  );
  const keys = new Set<string>();
  for (const n of names)
    [...byImage[n].entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k]) => keys.add(k));
  const rows = [...keys].sort(
    (a, b) =>
      Math.max(...names.map(n => byImage[n].get(b) ?? 0)) -
      Math.max(...names.map(n => byImage[n].get(a) ?? 0)),
  );
  console.log(`${names.map(n => n.padStart(10)).join('')}  package`);
  for (const k of rows)
    console.log(
      `${names
        .map(n => (byImage[n].get(k) ?? 0).toFixed(1).padStart(10))
        .join('')}  ${k}`,
    );
}

function filesIn(dir: string, ext: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(f => f.endsWith(ext))
        .map(f => path.join(dir, f))
    : [];
}

/** Every run's comparison of the images, from DIR/<image>/<run>/. */
export function printProfiles(dir: string) {
  const images = fs.readdirSync(dir).sort();
  const runs = [
    ...new Set(images.flatMap(i => fs.readdirSync(path.join(dir, i)))),
  ].sort();
  for (const run of runs) {
    const cpu: Record<string, Map<string, number>> = {};
    const heap: Record<string, Map<string, number>> = {};
    for (const image of images) {
      const runDir = path.join(dir, image, run);
      const [cpuFile] = filesIn(runDir, '.cpuprofile');
      const [heapFile] = filesIn(runDir, '.heapprofile');
      if (cpuFile) cpu[image] = cpuByPackage(cpuFile);
      if (heapFile) heap[image] = heapByPackage(heapFile);
    }
    printComparison(`${run}: CPU by package`, 'ms', cpu);
    printComparison(`${run}: live sampled heap at exit by package`, 'MB', heap);
  }
}

if (require.main === module) printProfiles(process.argv[2]);
