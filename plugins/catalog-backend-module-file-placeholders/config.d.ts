export interface Config {
  catalog?: {
    filePlaceholders?: {
      /**
       * Directories (absolute, or relative to the backend's working
       * directory) from which `$text`, `$json` and `$yaml` placeholders of
       * entities in `file` locations may read. Nothing is readable when unset.
       */
      allowedDirectories?: string[];
    };
  };
}
