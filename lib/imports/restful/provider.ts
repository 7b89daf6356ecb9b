// Hand-written binding for the magodo/restful provider v0.23.0, in the shape `cdktf get` generates.
// See https://registry.terraform.io/providers/magodo/restful/0.23.0/docs
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { deepMerge, isToken } from './_util';

/** Basic HTTP authentication. */
export interface RestfulProviderSecurityHttpBasic {
  /** The username. */
  readonly username: string;
  /** The password (sensitive). */
  readonly password: string;
}

/** HTTP token (bearer) authentication. */
export interface RestfulProviderSecurityHttpToken {
  /** The token value (sensitive). */
  readonly token: string;
  /**
   * The authorization scheme sent before the token.
   * @default "Bearer"
   */
  readonly scheme?: string;
}

/** The HTTP authentication scheme: set exactly one of `basic` or `token`. */
export interface RestfulProviderSecurityHttp {
  /**
   * Basic authentication.
   * @default - not used
   */
  readonly basic?: RestfulProviderSecurityHttpBasic;
  /**
   * Token authentication.
   * @default - not used
   */
  readonly token?: RestfulProviderSecurityHttpToken;
}

/** One API key sent with every request. */
export interface RestfulProviderSecurityApikey {
  /** Where the key is sent: `header`, `query` or `cookie`. */
  readonly in: string;
  /** The header, query parameter or cookie name. */
  readonly name: string;
  /** The key value (sensitive). */
  readonly value: string;
}

/** OAuth2 client-credentials flow. */
export interface RestfulProviderSecurityOauth2ClientCredentials {
  /** The token URL. */
  readonly tokenUrl: string;
  /** The client id. */
  readonly clientId: string;
  /** The client secret (sensitive). */
  readonly clientSecret: string;
  /**
   * Requested scopes.
   * @default - none
   */
  readonly scopes?: string[];
  /**
   * Extra parameters for the token endpoint.
   * @default - none
   */
  readonly endpointParams?: { [key: string]: string[] };
  /**
   * How the client id and secret are sent: `params` or `header`.
   * @default - auto-detected
   */
  readonly in?: string;
}

/** OAuth2 resource-owner password flow. */
export interface RestfulProviderSecurityOauth2Password {
  /** The token URL. */
  readonly tokenUrl: string;
  /** The username. */
  readonly username: string;
  /** The password (sensitive). */
  readonly password: string;
  /**
   * The client id.
   * @default - none
   */
  readonly clientId?: string;
  /**
   * The client secret (sensitive).
   * @default - none
   */
  readonly clientSecret?: string;
  /**
   * Requested scopes.
   * @default - none
   */
  readonly scopes?: string[];
  /**
   * How the client id and secret are sent: `params` or `header`.
   * @default - auto-detected
   */
  readonly in?: string;
}

/** OAuth2 refresh-token flow. */
export interface RestfulProviderSecurityOauth2RefreshToken {
  /** The token URL. */
  readonly tokenUrl: string;
  /** The refresh token (sensitive). */
  readonly refreshToken: string;
  /**
   * The client id.
   * @default - none
   */
  readonly clientId?: string;
  /**
   * The client secret (sensitive).
   * @default - none
   */
  readonly clientSecret?: string;
  /**
   * Requested scopes.
   * @default - none
   */
  readonly scopes?: string[];
  /**
   * How the client id and secret are sent: `params` or `header`.
   * @default - auto-detected
   */
  readonly in?: string;
}

/** OAuth2 authentication: set exactly one flow. */
export interface RestfulProviderSecurityOauth2 {
  /**
   * Client-credentials flow.
   * @default - not used
   */
  readonly clientCredentials?: RestfulProviderSecurityOauth2ClientCredentials;
  /**
   * Password flow.
   * @default - not used
   */
  readonly password?: RestfulProviderSecurityOauth2Password;
  /**
   * Refresh-token flow.
   * @default - not used
   */
  readonly refreshToken?: RestfulProviderSecurityOauth2RefreshToken;
}

/** The security scheme: set exactly one of `http`, `apikey` or `oauth2`. */
export interface RestfulProviderSecurity {
  /**
   * HTTP authentication (basic or token).
   * @default - not used
   */
  readonly http?: RestfulProviderSecurityHttp;
  /**
   * API keys.
   * @default - not used
   */
  readonly apikey?: RestfulProviderSecurityApikey[];
  /**
   * OAuth2.
   * @default - not used
   */
  readonly oauth2?: RestfulProviderSecurityOauth2;
}

/** Retry settings of the provider's HTTP client (capped exponential backoff with jitter; honours `Retry-After`). */
export interface RestfulProviderClientRetry {
  /** The response status codes that are retried. */
  readonly statusCodes: number[];
  /**
   * The number of retries.
   * @default 3
   */
  readonly count?: number;
  /**
   * The initial wait between retries, in seconds.
   * @default - the provider default
   */
  readonly waitInSec?: number;
  /**
   * The maximum wait between retries, in seconds.
   * @default 3600
   */
  readonly maxWaitInSec?: number;
}

/** A client certificate for mutual TLS. */
export interface RestfulProviderClientCertificate {
  /** The PEM certificate. */
  readonly certificate: string;
  /** The PEM private key (sensitive). */
  readonly key: string;
}

/** HTTP client settings. */
export interface RestfulProviderClient {
  /**
   * Retries.
   * @default - no retries
   */
  readonly retry?: RestfulProviderClientRetry;
  /**
   * Keep cookies between requests.
   * @default false
   */
  readonly cookieEnabled?: boolean;
  /**
   * Skip TLS certificate verification.
   * @default false
   */
  readonly tlsInsecureSkipVerify?: boolean;
  /**
   * Client certificates for mutual TLS.
   * @default - none
   */
  readonly certificates?: RestfulProviderClientCertificate[];
  /**
   * Extra root CA certificates (PEM).
   * @default - the system roots
   */
  readonly rootCaCertificates?: string[];
  /**
   * Files holding extra root CA certificates (PEM).
   * @default - the system roots
   */
  readonly rootCaCertificateFiles?: string[];
}

/** Configuration of the `restful` provider. */
export interface RestfulProviderConfig {
  /** The base URL of the API; resource paths are relative to it. */
  readonly baseUrl: string;
  /**
   * Headers sent with every request. Resource-level header maps replace (do not merge with) this map.
   * @default - none
   */
  readonly header?: { [key: string]: string };
  /**
   * Query parameters sent with every request.
   * @default - none
   */
  readonly query?: { [key: string]: string[] };
  /**
   * The create method: `PUT` or `POST`.
   * @default "POST"
   */
  readonly createMethod?: string;
  /**
   * The update method: `PUT` or `PATCH`.
   * @default "PUT"
   */
  readonly updateMethod?: string;
  /**
   * The delete method: `DELETE` or `POST`.
   * @default "DELETE"
   */
  readonly deleteMethod?: string;
  /**
   * Send the whole body instead of a JSON merge patch on PATCH updates.
   * @default false
   */
  readonly mergePatchDisabled?: boolean;
  /**
   * Authentication.
   * @default - none
   */
  readonly security?: RestfulProviderSecurity;
  /**
   * HTTP client settings.
   * @default - provider defaults
   */
  readonly client?: RestfulProviderClient;
  /**
   * Provider alias.
   * @default - the default provider configuration
   */
  readonly alias?: string;
}

function oauthCommon(x: { tokenUrl: string; clientId?: string; clientSecret?: string; scopes?: string[]; in?: string }) {
  return {
    token_url: x.tokenUrl,
    client_id: x.clientId,
    client_secret: x.clientSecret,
    scopes: x.scopes,
    in: x.in,
  };
}

/** @internal */
export function securityToTerraform(s?: RestfulProviderSecurity): any {
  if (s === undefined || isToken(s)) return s;
  return {
    http: s.http && {
      basic: s.http.basic && { username: s.http.basic.username, password: s.http.basic.password },
      token: s.http.token && { token: s.http.token.token, scheme: s.http.token.scheme },
    },
    apikey: s.apikey?.map((k) => ({ in: k.in, name: k.name, value: k.value })),
    oauth2: s.oauth2 && {
      client_credentials: s.oauth2.clientCredentials && {
        ...oauthCommon(s.oauth2.clientCredentials),
        endpoint_params: s.oauth2.clientCredentials.endpointParams,
      },
      password: s.oauth2.password && {
        ...oauthCommon(s.oauth2.password),
        username: s.oauth2.password.username,
        password: s.oauth2.password.password,
      },
      refresh_token: s.oauth2.refreshToken && {
        ...oauthCommon(s.oauth2.refreshToken),
        refresh_token: s.oauth2.refreshToken.refreshToken,
      },
    },
  };
}

/** @internal */
export function clientToTerraform(c?: RestfulProviderClient): any {
  if (c === undefined || isToken(c)) return c;
  return {
    retry: c.retry && {
      status_codes: c.retry.statusCodes,
      count: c.retry.count,
      wait_in_sec: c.retry.waitInSec,
      max_wait_in_sec: c.retry.maxWaitInSec,
    },
    cookie_enabled: c.cookieEnabled,
    tls_insecure_skip_verify: c.tlsInsecureSkipVerify,
    certificates: c.certificates?.map((x) => ({ certificate: x.certificate, key: x.key })),
    root_ca_certificates: c.rootCaCertificates,
    root_ca_certificate_files: c.rootCaCertificateFiles,
  };
}

/**
 * The `restful` provider (magodo/restful v0.23.0).
 *
 * @see https://registry.terraform.io/providers/magodo/restful/0.23.0/docs
 */
export class RestfulProvider extends TerraformProvider {
  /** The Terraform type of this provider. */
  public static readonly tfResourceType = 'restful';

  private readonly _config: RestfulProviderConfig;
  private _alias?: string;

  /**
   * Create a new `restful` provider configuration.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The provider configuration
   */
  constructor(scope: Construct, id: string, config: RestfulProviderConfig) {
    super(scope, id, {
      terraformResourceType: 'restful',
      terraformGeneratorMetadata: {
        providerName: 'restful',
        providerVersion: '0.23.0',
      },
      terraformProviderSource: 'magodo/restful',
    });
    this._config = config;
    this.alias = config.alias;
  }

  /** The provider alias, if any. */
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  /** The configured base URL. */
  public get baseUrlInput(): string {
    return this._config.baseUrl;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this._config;
    return {
      base_url: c.baseUrl,
      header: c.header,
      query: c.query,
      create_method: c.createMethod,
      update_method: c.updateMethod,
      delete_method: c.deleteMethod,
      merge_patch_disabled: c.mergePatchDisabled,
      security: securityToTerraform(c.security),
      client: clientToTerraform(c.client),
    };
  }

  /**
   * Adds this provider to the Terraform JSON output.
   *
   * Unlike the base class, attribute keys are not converted to snake_case here: they already are, and
   * the `header` map carries HTTP header names (`Content-Type`) that must be kept verbatim.
   */
  public toTerraform(): any {
    const base = super.toTerraform();
    base.provider[this.terraformResourceType] = [
      deepMerge(stripUndefined(this.synthesizeAttributes()), this.rawOverrides, this.metaAttributes),
    ];
    return base;
  }
}

function stripUndefined(o: { [name: string]: any }): { [name: string]: any } {
  const out: { [name: string]: any } = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}
