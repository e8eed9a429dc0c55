// natural's deep modules ship no types; we import only the submodules we use (the package root loads .env and prints).
declare module 'natural/lib/natural/distance/levenshtein_distance.js' {
  export function DamerauLevenshteinDistance(
    source: string,
    target: string,
    options?: { transposition_cost?: number },
  ): number;
}

declare module 'natural/lib/natural/distance/dice_coefficient.js' {
  export default function DiceCoefficient(a: string, b: string): number;
}
