import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isUnauthenticated } from './api';
import { App } from './app';
import './styles.css';

/** A 401 anywhere means the session cookie expired or was revoked: show the sign-in page. */
const onError = (error: unknown) => {
  if (isUnauthenticated(error)) queryClient.setQueryData(['session'], null);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) =>
        !isUnauthenticated(error) && (error as { status?: number }).status === 0 && count < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
