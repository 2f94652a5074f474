/** The searchable data: a fixed list of programming languages and their first appearance. */
export interface Language {
  readonly id: string;
  readonly name: string;
  readonly year: number;
}

const RAW = `Ada 1980,ALGOL 1958,APL 1966,AWK 1977,BASIC 1964,C 1972,C++ 1985,C# 2000,Clojure 2007,COBOL 1959,Common Lisp 1984,Crystal 2014,D 2001,Dart 2011,Elixir 2012,Elm 2012,Erlang 1986,F# 2005,Forth 1970,Fortran 1957,Gleam 2016,Go 2009,Groovy 2003,Haskell 1990,Idris 2007,Java 1995,JavaScript 1995,Julia 2012,Kotlin 2011,Lua 1993,ML 1973,Nim 2008,Objective-C 1984,OCaml 1996,Pascal 1970,Perl 1987,PHP 1995,Prolog 1972,Python 1991,R 1993,Racket 1995,Ruby 1995,Rust 2010,Scala 2004,Scheme 1975,Smalltalk 1972,SQL 1974,Swift 2014,Tcl 1988,TypeScript 2012,Zig 2016`;

/** A DOM-safe id that keeps C, C++ and C# apart. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/#/g, 'sharp')
    .replace(/[^a-z0-9]+/g, '-');

export const LANGUAGES: readonly Language[] = RAW.split(',').map((entry) => {
  const at = entry.lastIndexOf(' ');
  const name = entry.slice(0, at);
  return {
    id: slug(name),
    name,
    year: Number(entry.slice(at + 1)),
  };
});

/** Languages whose name contains `query`, case-insensitively. */
export function searchLanguages(query: string): readonly Language[] {
  const q = query.trim().toLowerCase();
  if (q === '') return LANGUAGES;
  return LANGUAGES.filter((l) => l.name.toLowerCase().includes(q));
}
