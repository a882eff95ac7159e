import { defineFlowSuite } from './flow-suite.ts';

defineFlowSuite('multi-account-linking');
