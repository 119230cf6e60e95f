/** The server's and the API's version. */
export const API_VERSION = '0.1.0';
