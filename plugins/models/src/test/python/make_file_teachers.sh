#!/bin/sh
# Runs make_file_teachers.py with Debian's Python 3 (PyTorch and ONNX from Debian packages);
# a clear message when they are missing. Usage: make_file_teachers.sh <output directory>
here=$(dirname "$0")
if [ ! -x /usr/bin/python3 ]; then
  echo "error: the file-teacher tests make tiny TorchScript/ONNX models with PyTorch, and" \
    "/usr/bin/python3 is missing: apt-get install python3-torch python3-onnx" >&2
  exit 1
fi
exec /usr/bin/python3 "$here/make_file_teachers.py" "$1"
