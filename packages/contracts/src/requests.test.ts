import { describe, expect, it } from 'vitest';
import * as contracts from './index.ts';

// Every request body and query schema must reject fields it does not know: a typo in a
// client (or a forged "role": "admin") must fail loudly, not be ignored.
const requestSchemas = {
  LoginRequest: contracts.LoginRequest,
  ChangePasswordRequest: contracts.ChangePasswordRequest,
  CreateOrgUnit: contracts.CreateOrgUnit,
  UpdateOrgUnit: contracts.UpdateOrgUnit,
  OrgUnitQuery: contracts.OrgUnitQuery,
  CreateUser: contracts.CreateUser,
  UpdateUser: contracts.UpdateUser,
  UserQuery: contracts.UserQuery,
  UpdateOwnProfile: contracts.UpdateOwnProfile,
  CreateFarmer: contracts.CreateFarmer,
  UpdateFarmer: contracts.UpdateFarmer,
  FarmerQuery: contracts.FarmerQuery,
  DocumentMetadata: contracts.DocumentMetadata,
  SearchQuery: contracts.SearchQuery,
  SuggestQuery: contracts.SuggestQuery,
  SynonymGroupInput: contracts.SynonymGroupInput,
  DocumentListQuery: contracts.DocumentListQuery,
  IdParams: contracts.IdParams,
};

describe('request schemas', () => {
  it.each(Object.entries(requestSchemas))('%s rejects unknown fields', (_name, schema) => {
    expect((schema as { additionalProperties?: unknown }).additionalProperties).toBe(false);
  });

  it('lists every error code once', () => {
    expect(new Set(contracts.errorCodes).size).toBe(contracts.errorCodes.length);
  });
});
