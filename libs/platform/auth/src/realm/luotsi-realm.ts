import {
  API_AUDIENCE,
  type DemoDirectory,
  type DemoServiceAccount,
  type DemoUser,
  demoSubject,
  serviceAccountUsername,
  WEB_CLIENT,
} from '../demo-users';
import { LUOTSI_ROLES, type LuotsiRole } from '../principal';

/**
 * Builds infra/keycloak/realm/luotsi-realm.json (a Keycloak realm representation) from the demo
 * directory. The JSON file is what Keycloak imports and what is reviewed; this function is its
 * source, so the users and service accounts there can never drift from what the development
 * issuer serves (realm-file.unit.spec.ts fails when the file is stale; sync-realm.ts rewrites it).
 */
export function buildLuotsiRealm(directory: DemoDirectory): Record<string, unknown> {
  return {
    realm: 'luotsi',
    displayName: 'Luotsi (development realm: demo users, public passwords)',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    resetPasswordAllowed: false,
    rememberMe: false,
    bruteForceProtected: true,
    accessTokenLifespan: 300,
    defaultSignatureAlgorithm: 'RS256',
    roles: { realm: LUOTSI_ROLES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name] })) },
    components: { 'org.keycloak.userprofile.UserProfileProvider': [userProfile()] },
    clients: [webClient(), ...directory.serviceAccounts.map(serviceAccountClient)],
    users: [...directory.users.map((u) => user(u, directory.password)), ...directory.serviceAccounts.map(serviceAccountUser)],
    identityProviders: [suomiFi()],
    identityProviderMappers: suomiFiMappers(),
  };
}

const ROLE_DESCRIPTIONS: Record<LuotsiRole, string> = {
  resident: 'A resident acting on their own data (Suomi.fi e-Identification in production)',
  guidance: "A county guidance worker, acting on a resident's behalf",
  'plan-worker': "A social or health care professional who keeps a resident's client plan",
  county: "The county's service administration (stations, choice areas, prices)",
  finance: 'County finance: settlement runs and their four-eyes approval',
  provider: "A service provider's staff or system, scoped to its providerId",
  municipality: "A municipality's staff or system, scoped to its municipality code",
  auditor: "Reads the access log (who processed a resident's data and why)",
  operator: 'Runs the platform (health, dead letters, replays); no person data',
};

const tokenClaim = {
  'access.token.claim': 'true',
  'id.token.claim': 'false',
  'userinfo.token.claim': 'false',
  'introspection.token.claim': 'true',
};

const audienceMapper = {
  name: `audience ${API_AUDIENCE}`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  consentRequired: false,
  config: { 'included.custom.audience': API_AUDIENCE, ...tokenClaim },
};

const rolesMapper = {
  name: 'realm roles as a flat roles claim',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-realm-role-mapper',
  consentRequired: false,
  config: { 'claim.name': 'roles', multivalued: 'true', 'jsonType.label': 'String', ...tokenClaim },
};

const attributeMapper = (attribute: string, claim: string, note: string) => ({
  name: `${claim} (${note})`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-usermodel-attribute-mapper',
  consentRequired: false,
  config: { 'user.attribute': attribute, 'claim.name': claim, 'jsonType.label': 'String', multivalued: 'false', ...tokenClaim },
});

const hardcodedClaim = (claim: string, value: string) => ({
  name: `${claim} = ${value}`,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-hardcoded-claim-mapper',
  consentRequired: false,
  config: { 'claim.name': claim, 'claim.value': value, 'jsonType.label': 'String', ...tokenClaim },
});

function webClient(): Record<string, unknown> {
  return {
    clientId: WEB_CLIENT.clientId,
    name: 'Luotsi web app',
    description:
      'Public client of the web app: authorization code flow with PKCE (S256 required). directAccessGrantsEnabled (the password grant) is on ONLY for tests and local development (the README curl flow, the e2e tier); a production realm turns it off.',
    enabled: true,
    protocol: 'openid-connect',
    publicClient: true,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: true,
    serviceAccountsEnabled: false,
    frontchannelLogout: true,
    redirectUris: [...WEB_CLIENT.redirectUris],
    webOrigins: [...WEB_CLIENT.webOrigins],
    attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': WEB_CLIENT.redirectUris.join('##') },
    fullScopeAllowed: true,
    // Not the default 'roles' and 'acr' scopes: the mappers below write `roles` and `acr` themselves.
    defaultClientScopes: ['basic', 'profile', 'web-origins'],
    optionalClientScopes: [],
    protocolMappers: [
      audienceMapper,
      rolesMapper,
      attributeMapper('hetu', 'hetu', 'residents only: only they have the attribute'),
      attributeMapper('loa', 'acr', "resident's level of assurance"),
      attributeMapper('organisation', 'organisation', 'staff'),
      attributeMapper('providerId', 'providerId', 'provider staff'),
      attributeMapper('municipality', 'municipality', 'municipality staff'),
    ],
  };
}

function serviceAccountClient(account: DemoServiceAccount): Record<string, unknown> {
  return {
    clientId: account.clientId,
    name: account.clientId,
    description: `${account.description} The secret is dev-only and public.`,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    secret: account.secret,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
    fullScopeAllowed: true,
    defaultClientScopes: ['basic', 'profile'],
    optionalClientScopes: [],
    protocolMappers: [
      audienceMapper,
      rolesMapper,
      ...Object.entries(account.claims).map(([claim, value]) => hardcodedClaim(claim, value!)),
    ],
  };
}

function user(u: DemoUser, password: string): Record<string, unknown> {
  return {
    id: demoSubject(u.username),
    username: u.username,
    enabled: true,
    emailVerified: true,
    firstName: u.firstName,
    lastName: u.lastName,
    email: `${u.username}@example.org`,
    attributes: Object.fromEntries(Object.entries(u.attributes).map(([k, v]) => [k, [v]])),
    credentials: [{ type: 'password', value: password, temporary: false }],
    realmRoles: [...u.roles],
    requiredActions: [],
  };
}

function serviceAccountUser(account: DemoServiceAccount): Record<string, unknown> {
  return {
    id: demoSubject(serviceAccountUsername(account.clientId)),
    username: serviceAccountUsername(account.clientId),
    enabled: true,
    serviceAccountClientId: account.clientId,
    realmRoles: [...account.roles],
  };
}

/**
 * Keycloak 24+ drops user attributes that its user profile does not declare. The Luotsi attributes
 * are declared admin-only: a user can neither see nor change their identity code, scope or level
 * of assurance in the account console.
 */
function userProfile(): Record<string, unknown> {
  const adminOnly = { view: ['admin'], edit: ['admin'] };
  const own = { view: ['admin', 'user'], edit: ['admin', 'user'] };
  const config = {
    attributes: [
      {
        name: 'username',
        displayName: '${username}',
        validations: { length: { min: 3, max: 255 }, 'username-prohibited-characters': {}, 'up-username-not-idn-homograph': {} },
        permissions: own,
        multivalued: false,
      },
      { name: 'email', displayName: '${email}', validations: { email: {}, length: { max: 255 } }, permissions: own, multivalued: false },
      {
        name: 'firstName',
        displayName: '${firstName}',
        validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
        permissions: own,
        multivalued: false,
      },
      {
        name: 'lastName',
        displayName: '${lastName}',
        validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
        permissions: own,
        multivalued: false,
      },
      { name: 'hetu', displayName: 'Personal identity code (residents)', permissions: adminOnly, multivalued: false },
      {
        name: 'loa',
        displayName: 'Level of assurance of the sign-in (residents; Suomi.fi sets it)',
        permissions: adminOnly,
        multivalued: false,
      },
      { name: 'organisation', displayName: 'Organisation (staff)', permissions: adminOnly, multivalued: false },
      { name: 'providerId', displayName: 'Provider id (provider staff)', permissions: adminOnly, multivalued: false },
      { name: 'municipality', displayName: 'Municipality code (municipality staff)', permissions: adminOnly, multivalued: false },
    ],
    groups: [{ name: 'user-metadata', displayHeader: 'User metadata', displayDescription: 'Attributes, which refer to user metadata' }],
  };
  return { providerId: 'declarative-user-profile', subComponents: {}, config: { 'kc.user.profile.config': [JSON.stringify(config)] } };
}

/**
 * Suomi.fi e-Identification (SAML 2.0), brokered. Disabled: it answers only a registered service
 * provider with exchanged metadata, which this environment is not (docs/adr/0007-oidc-and-suomifi.md).
 */
function suomiFi(): Record<string, unknown> {
  return {
    alias: 'suomifi',
    displayName: 'Suomi.fi e-Identification',
    providerId: 'saml',
    enabled: false,
    trustEmail: false,
    storeToken: false,
    addReadTokenRoleOnCreate: false,
    linkOnly: false,
    hideOnLogin: false,
    firstBrokerLoginFlowAlias: 'first broker login',
    config: {
      // DISABLED ON PURPOSE: placeholders until the service is registered with the Digital and Population
      // Data Services Agency; replace entityId, the SSO URL and the signing certificate from its metadata.
      description:
        'Residents sign in through Suomi.fi e-Identification in production. Disabled here: Suomi.fi answers only registered service providers. See docs/adr/0007-oidc-and-suomifi.md.',
      entityId: 'https://luotsi.example/realms/luotsi',
      idpEntityId: 'https://testi.apro.tunnistus.fi/idp1',
      singleSignOnServiceUrl: 'https://testi.apro.tunnistus.fi/idp/profile/SAML2/Redirect/SSO',
      singleLogoutServiceUrl: 'https://testi.apro.tunnistus.fi/idp/profile/SAML2/Redirect/SLO',
      nameIDPolicyFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      principalType: 'ATTRIBUTE',
      principalAttribute: 'urn:oid:1.2.246.21',
      postBindingAuthnRequest: 'true',
      postBindingResponse: 'true',
      postBindingLogout: 'false',
      wantAuthnRequestsSigned: 'true',
      wantAssertionsSigned: 'true',
      wantAssertionsEncrypted: 'true',
      validateSignature: 'true',
      signatureAlgorithm: 'RSA_SHA256',
      xmlSigKeyInfoKeyNameTransformer: 'KEY_ID',
      // Ask for substantial or better; Suomi.fi then never signs a resident in below it.
      authnContextClassRefs: JSON.stringify(['http://ftn.fi/authentication/substantial', 'http://ftn.fi/authentication/high']),
      authnContextComparisonType: 'minimum',
      syncMode: 'FORCE',
      guiOrder: '1',
    },
  };
}

function suomiFiMappers(): Record<string, unknown>[] {
  const attribute = (name: string, samlAttribute: string, userAttribute: string) => ({
    name,
    identityProviderAlias: 'suomifi',
    identityProviderMapper: 'saml-user-attribute-idp-mapper',
    config: {
      syncMode: 'FORCE',
      'attribute.name': samlAttribute,
      'attribute.name.format': 'ATTRIBUTE_FORMAT_URI',
      'user.attribute': userAttribute,
    },
  });
  return [
    attribute('hetu from nationalIdentificationNumber', 'urn:oid:1.2.246.21', 'hetu'),
    attribute('first name', 'http://eidas.europa.eu/attributes/naturalperson/CurrentGivenName', 'firstName'),
    attribute('last name', 'urn:oid:2.5.4.4', 'lastName'),
    // The requested minimum is substantial, so substantial is the floor every Suomi.fi sign-in
    // reaches; telling high apart needs the assertion's AuthnContextClassRef (ADR 0007).
    {
      name: 'loa floor substantial',
      identityProviderAlias: 'suomifi',
      identityProviderMapper: 'hardcoded-attribute-idp-mapper',
      config: { syncMode: 'FORCE', attribute: 'loa', 'attribute.value': 'substantial' },
    },
    {
      name: 'resident role',
      identityProviderAlias: 'suomifi',
      identityProviderMapper: 'oidc-hardcoded-role-idp-mapper',
      config: { syncMode: 'FORCE', role: 'resident' },
    },
    // Never the identity code as username: it would show in Keycloak's own logs and admin lists.
    {
      name: 'opaque username',
      identityProviderAlias: 'suomifi',
      identityProviderMapper: 'saml-username-idp-mapper',
      config: { syncMode: 'FORCE', target: 'LOCAL', template: 'suomifi.${UUID}' },
    },
  ];
}
