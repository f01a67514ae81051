/** "1 risposta", "5 risposte": Italian agrees the noun with the number. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
