export interface Config {
  devopsInsights?: {
    demo?: {
      /** Generate and ingest the demo data set on start-up. */
      enabled?: boolean;
      /** ISO-8601 end of the generated history; default: start of the current UTC day. */
      anchor?: string;
    };
  };
}
