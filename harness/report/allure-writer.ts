import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vitest } from 'vitest/node';
import AllureVitestReporter, { type AllureVitestReporterConfig } from 'allure-vitest/reporter';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';

type WriterArgument<Method extends keyof Writer, Index extends number = 0> = Parameters<Writer[Method]>[Index];

/**
 * The Allure results writer without allure-js-commons' fsync: its FileSystemWriter writes every result and
 * attachment to a temporary file, fsyncs it and renames it, which made the fsync calls alone ~40% of the Allure
 * results time (the run's ~170 exchange attachments). Nothing reads the folder while it is written, and it is
 * regenerated from summary.json and the evidence if a crash ever cut it short, so plain writes are enough.
 */
export class UnsyncedAllureWriter implements Writer {
  private made = false;

  constructor(private readonly resultsDir: string) {}

  writeResult(result: WriterArgument<'writeResult'>): void {
    this.json(`${result.uuid}-result.json`, result);
  }

  writeGroup(result: WriterArgument<'writeGroup'>): void {
    this.json(`${result.uuid}-container.json`, result);
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(this.path(distFileName), content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    copyFileSync(from, this.path(distFileName));
  }

  writeEnvironmentInfo(info: WriterArgument<'writeEnvironmentInfo'>): void {
    writeFileSync(this.path('environment.properties'), stringifyEnvInfo(info), 'utf8');
  }

  writeCategoriesDefinitions(categories: WriterArgument<'writeCategoriesDefinitions'>): void {
    this.json('categories.json', categories);
  }

  writeGlobals(distFileName: string, info: WriterArgument<'writeGlobals', 1>): void {
    this.json(distFileName, info);
  }

  private json(name: string, value: unknown): void {
    writeFileSync(this.path(name), JSON.stringify(value), 'utf8');
  }

  private path(name: string): string {
    if (!this.made) {
      mkdirSync(this.resultsDir, { recursive: true });
      this.made = true;
    }
    return join(this.resultsDir, name);
  }
}

/** allure-vitest's reporter, writing through UnsyncedAllureWriter (the reporter builds its own writer in onInit). */
export default class UnsyncedAllureReporter extends AllureVitestReporter {
  private readonly resultsDir: string;

  constructor(config: AllureVitestReporterConfig) {
    super(config);
    this.resultsDir = config.resultsDir ?? './allure-results';
  }

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    const runtime = (this as unknown as { allureReporterRuntime?: { writer: Writer } }).allureReporterRuntime;
    if (!runtime) throw new Error('allure-vitest changed: its reporter has no allureReporterRuntime to write through');
    runtime.writer = new UnsyncedAllureWriter(this.resultsDir);
  }
}
