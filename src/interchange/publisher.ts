import type { Ente } from "../ente/schema.js";

/** Who publishes the open data: the ente's name and its code in the IPA index (Indice dei domicili digitali della PA). */
export interface Publisher {
  name: string;
  ipaCode: string;
  email: string;
  siteUrl: string;
  /** Still the shipped example values: open data may not go out under them. */
  example: boolean;
}

/** The publisher of the ente (the «Ente» settings, /admin/ente), as read by either engine. */
export function publisherFrom(ente: Ente): Publisher {
  return {
    name: ente.name ?? "",
    ipaCode: ente.ipaCode ?? "",
    email: ente.urpEmail ?? "",
    siteUrl: ente.siteUrl ?? "",
    example: ente.example,
  };
}
