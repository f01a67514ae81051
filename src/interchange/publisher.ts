/** Who publishes the open data: the ente's name and its code in the IPA index (Indice dei domicili digitali della PA). */
export interface Publisher {
  name: string;
  ipaCode: string;
}

export const IPA_PATTERN = /^[a-z0-9_]{2,20}$/i;

/**
 * The one place the publisher is read. Until the «Ente» settings module is in place, the name is
 * COMUNE_NAME and the IPA code the variable IPA_CODE (e.g. `c_e591`); then this reads the ente.
 */
export function publisherOf(comuneName: string, env: NodeJS.ProcessEnv = process.env): Publisher {
  const code = (env.IPA_CODE ?? "").trim();
  return { name: comuneName, ipaCode: IPA_PATTERN.test(code) ? code : "" };
}
