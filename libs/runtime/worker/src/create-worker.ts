import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { JsonNestLogger } from '@vv/platform/logger';
import { WorkerModule, type WorkerModuleOptions } from './worker.module';

export async function createWorker(options: WorkerModuleOptions): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.register(options), { logger: new JsonNestLogger(options.logger) });
  return worker;
}
