export interface Config {
  techdocs?: {
    generator?: {
      mkdocs?: {
        /**
         * Folders put in front of the PYTHONPATH of the mkdocs that TechDocs
         * runs (`techdocs.generator.runIn: local`), so that it loads MkDocs
         * plugins from them: in development, the repository's techdocs-core
         * stand-in (techdocs/README.md). A relative folder is taken from the
         * repository root. Default: none, mkdocs loads only the plugins
         * installed in its Python. Read by
         * @internal/backstage-plugin-techdocs-backend-module-mkdocs-policy.
         */
        pythonPath?: string[];
      };
    };
  };
}
