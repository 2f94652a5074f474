// The protocol test client is @kinetic/testing's (`@kinetic/testing/wire`), the one every
// test and benchmark speaks the protocol through. It is reached by path rather than as a
// dependency: @kinetic/testing's own tests run apps through this package, and a dependency
// back would be a cycle in the build graph.
export {
  LiveClient,
  type LivePage as Page,
  loadPage,
  type TransportName,
} from '../../testing/src/wire.js';
