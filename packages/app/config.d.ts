export interface Config {
  app?: {
    /**
     * Sign-in options of the sign-in page, in order: guest, okta, github.
     * Default: guest (development only; the backend refuses guest elsewhere).
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'okta' | 'github'>;
  };
}
