import { Problem } from '@fieldschool/contracts';

/** The error replies every route may give, documented once. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  413: Problem,
  415: Problem,
  429: Problem,
  500: Problem,
  503: Problem,
} as const;
