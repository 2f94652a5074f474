import type { JoinPayload } from '@kinetic/protocol';
import { csrfMismatch, forbidden, urlInvalid } from './errors.js';
import { safeEqual, type ViewClaims } from './token.js';
import type { AnyView, Params, SessionData } from './view.js';

/**
 * What route guards see of a live client: the headers of the request its transport
 * attached with (cookie, authorization, user agent) and its address.
 */
export interface RequestContext {
  readonly headers: Readonly<Record<string, string>>;
  readonly ip?: string | undefined;
}

/** Asks the app's route guards whether this client may see `url` (a join or a URL change). */
export type UrlGuard = (url: URL, client: RequestContext) => Promise<boolean>;

/** What join authorization needs of the runtime: tokens, the views, their routes, the guards. */
export interface AuthorizationContext {
  /** The claims of a view token; throws when it is forged or expired. */
  verify(token: string): ViewClaims;
  /** The digest of a CSRF token, as view tokens carry it. */
  csrfDigest(csrf: string): string;
  /** The view registered under `name`; throws when there is none. */
  view(name: string): AnyView;
  /** Route params when `url` is one of `view`'s routes, else null. */
  matchParams(view: AnyView, url: URL): Params | null;
  /** The app's route guards; read at every check, since the transport sets them late. */
  readonly urlGuard: UrlGuard | undefined;
}

/** A join that passed every check, and what it mounts with. */
export interface AuthorizedJoin {
  readonly claims: ViewClaims;
  readonly view: AnyView;
  /** The URL the client reports it is at. */
  readonly url: URL;
  /** The URL the token was signed for (the client's when the token names none). */
  readonly signed: URL;
  /** The params mount gets: those of the signed URL. */
  readonly params: Params;
  /** The client is elsewhere than its token's URL: it goes there through handleParams, guarded. */
  readonly moved: boolean;
}

/**
 * Who may join which view, and open which URL in it: the view token (signature, expiry, the
 * CSRF token it is bound to), the URLs a client sends, the view's authorize() and the route's
 * guards. One per session, bound to the CSRF cookie the session was opened with.
 */
export class JoinAuthorization {
  constructor(
    private readonly context: AuthorizationContext,
    private readonly csrfCookie: string | undefined,
  ) {}

  /** The claims of a join's token; throws when it is forged or expired. */
  claims(payload: JoinPayload): ViewClaims {
    return this.context.verify(payload.k);
  }

  /**
   * Checks a join's token (or the claims `claims` read from it), CSRF token and URL; throws
   * when refused. Synchronous, so a session
   * can register the view before anything yields (see `authorize` for the rest).
   */
  check(payload: JoinPayload, claims: ViewClaims = this.context.verify(payload.k)): AuthorizedJoin {
    const cookie = this.csrfCookie;
    if (
      (cookie !== undefined && !safeEqual(cookie, payload.c)) ||
      !safeEqual(this.context.csrfDigest(payload.c), claims.c)
    ) {
      throw csrfMismatch();
    }
    const view = this.context.view(claims.v);
    const url = clientUrl(payload.u);
    // The token's URL is the truth: mount gets the params the page was rendered (and its
    // guards passed) with, whatever URL the client reports. A client that is elsewhere by
    // now (an lv-patch before a reconnect) gets there through handleParams, guarded.
    const signed = claims.u === undefined ? url : new URL(claims.u, url.origin);
    const params =
      claims.u === undefined ? claims.p : (this.context.matchParams(view, signed) ?? claims.p);
    const moved = signed.pathname !== url.pathname || signed.search !== url.search;
    return { claims, view, url, signed, params, moved };
  }

  /** Asks the view's authorize() about a checked join, at its signed URL; throws when refused. */
  async authorize(join: AuthorizedJoin): Promise<void> {
    const { view, params, claims, signed } = join;
    if (view.authorize !== undefined && !(await view.authorize(params, claims.s, signed))) {
      throw forbidden(view.name, signed.pathname + signed.search);
    }
  }

  /**
   * Whether `client` may see `url` in a joined view: a URL of another view is left to live
   * navigation (its page GET runs its guards); one of this view's routes needs the view's
   * authorize() and the route's guards to agree.
   */
  async mayOpen(
    view: AnyView,
    session: SessionData,
    url: URL,
    client: RequestContext,
  ): Promise<boolean> {
    const params = this.context.matchParams(view, url);
    if (params === null) return true;
    if (view.authorize !== undefined && !(await view.authorize(params, session, url))) return false;
    const guard = this.context.urlGuard;
    return guard === undefined || guard(url, client);
  }
}

/** A URL a client sent: absolute, or relative to `base`; of `base`'s origin when given. */
export function clientUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw urlInvalid(text, base === undefined ? 'it is not an absolute URL' : 'it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw urlInvalid(text, 'it is not an http(s) URL');
  if (base !== undefined && url.origin !== base.origin)
    throw urlInvalid(text, 'it belongs to another origin');
  return url;
}
