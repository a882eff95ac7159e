import { defineFlowSuite } from './flow-suite.ts';

defineFlowSuite('offboarding');
