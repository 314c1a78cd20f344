/** The three simulators on loopback and a registry of flows pointed at them, for one test file. */
import { createLogger, memorySink, type Logger } from '../../src/main/logging/logger';
import type { ProvidersConfig } from '../../src/main/providers/config';
import { createFlowRegistry } from '../../src/main/providers/registry';
import {
  startTrainingProviders,
  type TrainingOptions,
  type TrainingProviders,
} from '../../src/main/providers/training';
import type { FlowDefinition } from '../../src/main/sync/flow-types';
import type { FlowId } from '../../src/shared/domain/flows';

export interface ProviderHarness extends TrainingProviders {
  log: Logger;
  logLines: string[];
  flow(id: FlowId, config?: ProvidersConfig): FlowDefinition;
}

export async function startProviders(options: TrainingOptions = {}): Promise<ProviderHarness> {
  const sink = memorySink();
  const log = createLogger(sink, 'debug');
  const training = await startTrainingProviders(options);
  return {
    ...training,
    log,
    logLines: sink.lines,
    flow: (id, config = training.config) => {
      const flow = createFlowRegistry(config, { log }).get(id);
      if (!flow) throw new Error(`no flow ${id}`);
      return flow;
    },
  };
}
