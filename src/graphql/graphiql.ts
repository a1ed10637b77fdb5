// GraphiQL at GET /graphql (browsers, outside production): @graphql-yoga/render-graphiql inlines GraphiQL, its
// styles and its editor workers into the one page, so nothing loads from a CDN (warehouse networks are often
// offline). The page is 9 MB of text: rendered once per process.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

const DEFAULT_QUERY = `# WMS GraphQL. Sign in first (no token needed):
#
#   mutation { login(input: { username: "admin", password: "admin" }) { session { token } } }   (the demo admin)
#
# then put the token in the Headers tab below: { "Authorization": "Bearer <token>" }

query Me {
  me {
    username
    role
  }
}
`;

export const graphiqlOptions: GraphiQLOptions = {
  title: 'WMS GraphQL',
  defaultQuery: DEFAULT_QUERY,
  // the Authorization header is typed into GraphiQL's headers editor, open by default
  isHeadersEditorEnabled: true,
  defaultEditorToolsVisibility: 'headers',
  headers: JSON.stringify({ Authorization: 'Bearer ' }, null, 2),
  shouldPersistHeaders: false,
  // subscriptions over SSE: a fetch that carries the headers editor's Authorization like queries do
  subscriptionsProtocol: 'SSE',
};

let page: string | undefined;

/** yoga's `renderGraphiQL`: the self-contained page (the options are always the ones above). */
export function renderLocalGraphiQL(opts?: GraphiQLOptions): string {
  return (page ??= renderGraphiQL(opts ?? graphiqlOptions));
}
