#!/usr/bin/env python3
"""Cross-checks the CSV model of tests/csv_model.hpp against Python's csv module (issue 20).

Run by hand from the source root:
    /usr/bin/python3 tests/reference/csv_model_vs_python.py [FILES] [SEED]
(default 5000 files, seed 20; tests/REFERENCES.md [C1] has the result). It compiles a small driver around csv_model.hpp with g++, generates
FILES files in the part of the dialect where RFC 4180, Python's csv and csv.hpp agree, reads each
with the model and with

    csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=True)

and compares: success or error (csv.Error) must match; on success every record's fields, and,
in files without a CR inside quotes (Python counts a CR as a line there, the model does not),
the line each record starts on (Python's line_num after the record before it, plus 1). Error
lines are not compared: Python reports where it stopped reading, the model where the field
opened. Prints the counts and the first disagreements; exits 1 if there is any.

The subset: delimiters ',', ';' and tab; no blanks at a field's ends outside quotes (csv.hpp
trims them, Python keeps them); no comment or blank lines (csv.hpp skips them, Python gives
[] for a blank one); no CR outside quotes except in CRLF; no byte-order mark; no NUL; fields
short of Python's 131072-byte limit. Inside it: quoted fields with delimiters, LF, CRLF, lone
CR and doubled quotes; quotes inside unquoted fields; empty fields; LF and CRLF line ends, the
last one optional; and two errors both readers must report, a quote never closed and text
after a closing quote.
"""
import csv
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)

DRIVER = r"""
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include "csv_model.hpp"

static std::string json(std::string const& s)
{
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
        else { out += static_cast<char>(c); }
    }
    return out + "\"";
}

int main()
{
    // each file: the delimiter (1 byte), its length (8 bytes, little-endian), its bytes
    char d;
    while (std::cin.get(d)) {
        unsigned char n[8];
        std::cin.read(reinterpret_cast<char*>(n), 8);
        std::uint64_t size = 0;
        for (int k = 7; k >= 0; --k) size = size * 256 + n[k];
        std::string text(size, '\0');
        std::cin.read(text.data(), static_cast<std::streamsize>(size));
        const auto r = csv_model::parse(text, d);
        std::string out = "{\"ok\":" + std::string(r.ok ? "true" : "false") + ",\"error_line\":" +
                          std::to_string(r.error_line) + ",\"records\":[";
        for (std::size_t i = 0; i < r.records.size(); ++i) {
            out += (i ? "," : "") + std::string("{\"line\":") + std::to_string(r.records[i].line) + ",\"fields\":[";
            for (std::size_t k = 0; k < r.records[i].fields.size(); ++k) {
                out += (k ? "," : "") + json(r.records[i].fields[k].text);
            }
            out += "]}";
        }
        std::cout << out << "]}\n";
    }
}
"""


def unquoted(rng):
    """A non-empty unquoted field: no blanks at its ends, no quote first, no CR, no LF."""
    pieces = ["a", "b", "7", "x1", ".", "-", "q\"q", "\"", "e5", "#"]
    text = rng.choice(["v", "1", "z"])
    for _ in range(rng.randrange(4)):
        piece = rng.choice(pieces + [" mid "])
        text += piece
    return text.rstrip(" ") if text.rstrip(" ") else "v"


def quoted(rng, d, lone_cr):
    pieces = ["a", "b", "2", " ", d, ",", ";", "\t", "\n", "\r\n", "\"\"", "#", " x "]
    if lone_cr:
        pieces.append("\r")
    return "\"" + "".join(rng.choice(pieces) for _ in range(rng.randrange(7))) + "\""


def generate(rng, d):
    lone_cr = rng.random() < 0.3
    lines = []
    for _ in range(1 + rng.randrange(6)):
        fields = []
        for _ in range(1 + rng.randrange(5)):
            kind = rng.random()
            if kind < 0.15:
                fields.append("")
            elif kind < 0.55:
                fields.append(unquoted(rng))
            else:
                fields.append(quoted(rng, d, lone_cr))
        if fields == [""]:
            fields = ["v"]  # a lone empty field would be a blank line
        lines.append(d.join(fields))
    text = ""
    for i, line in enumerate(lines):
        text += line
        if i + 1 < len(lines) or rng.random() < 0.6:
            text += rng.choice(["\n", "\r\n"])
    error = rng.random()
    if error < 0.04:  # a quote never closed, in a last field of its own
        text += ("" if text.endswith("\n") or not text else d) + "\"open" + rng.choice(["", "\nmore", d + "x"])
    elif error < 0.08:  # text after a closing quote
        at = rng.randrange(len(lines))
        bad = text.split("\n")
        bad[min(at, len(bad) - 1)] = "\"ok\"z" + d + bad[min(at, len(bad) - 1)]
        text = "\n".join(bad)
    return text, lone_cr or "\r" in text.replace("\r\n", "")


def python_reads(text, d):
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=True)
    before = 0
    try:
        for row in reader:
            rows.append(row)
            lines.append(before + 1)
            before = reader.line_num
    except csv.Error as e:
        return False, rows, lines, str(e)
    return True, rows, lines, ""


def main():
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "driver.cpp")
        binary = os.path.join(tmp, "driver")
        with open(source, "w") as f:
            f.write(DRIVER)
        subprocess.run(["g++", "-std=c++20", "-O2", "-I", TESTS, source, "-o", binary], check=True)
        cases = []
        blob = bytearray()
        for _ in range(files):
            d = rng.choice([",", ";", "\t"])
            text, cr_in_quotes = generate(rng, d)
            cases.append((d, text, cr_in_quotes))
            data = text.encode("ascii")
            blob += d.encode("ascii") + struct.pack("<Q", len(data)) + data
        out = subprocess.run([binary], input=bytes(blob), stdout=subprocess.PIPE, check=True).stdout
    models = [json.loads(line) for line in out.decode("ascii").splitlines()]
    assert len(models) == files
    disagreements = 0
    errors = records = lines_compared = 0
    for i, ((d, text, cr_in_quotes), model) in enumerate(zip(cases, models)):
        ok, rows, lines, message = python_reads(text, d)
        errors += 0 if ok else 1
        why = None
        if ok != model["ok"]:
            why = f"python ok={ok} ({message}), model ok={model['ok']} (line {model['error_line']})"
        elif ok:
            records += len(rows)
            if rows != [r["fields"] for r in model["records"]]:
                why = f"records: python {rows!r}, model {[r['fields'] for r in model['records']]!r}"
            elif not cr_in_quotes:
                lines_compared += len(rows)
                if lines != [r["line"] for r in model["records"]]:
                    why = f"lines: python {lines}, model {[r['line'] for r in model['records']]}"
        if why is not None:
            disagreements += 1
            if disagreements <= 5:
                print(f"file {i}, delimiter {d!r}: {why}\n  {text!r}")
    print(f"Python {sys.version.split()[0]}: {files} files, {records} records ({lines_compared} with their "
          f"lines compared), {errors} errors; {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
