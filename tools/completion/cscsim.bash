# bash completion for cscsim (installed as share/bash-completion/completions/cscsim).
# Completes sub-commands, each sub-command's options, and file names: scenarios (*.toml) for
# run, validate and calibrate; run files (*.h5) for info, compare and merge.
_cscsim() {
  local cur prev words cword
  _init_completion || return
  local commands="run validate info compare merge sweep calibrate params"
  if [[ $cword -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  local cmd=${words[1]} opts=""
  case $cmd in
    run) opts="-o --output --replicates --seed --years --threads --quiet --force --posterior --draws --per-draw --set --first-replicate --help" ;;
    validate) opts="--help" ;;
    info) opts="--verify --digest --help" ;;
    compare) opts="-o --output --unpaired --no-report --force --posterior --help" ;;
    merge) opts="-o --output --force --quiet --help" ;;
    sweep) opts="-o --output --set --collect --threads --quiet --chunk --chunks --mpi --slurm --slurm-array-limit --slurm-max-running --slurm-cpus --slurm-time --slurm-mem --slurm-partition --help" ;;
    calibrate) opts="-o --output --threads --restart --report-only --max-generations --evaluate --check --quiet --mpi --help" ;;
    params) opts="--baseline --help" ;;
  esac
  case $prev in
    -o | --output)
      if [[ $cmd == run || $cmd == merge ]]; then _filedir h5; else _filedir -d; fi
      return ;;
    --collect)
      _filedir -d
      return ;;
    --posterior)
      _filedir h5
      return ;;
    --replicates | --seed | --years | --threads | --max-generations | --draws | --per-draw | --set | --first-replicate) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ $cmd == info || $cmd == compare || $cmd == merge ]]; then
    _filedir h5
  else
    _filedir toml
  fi
}
complete -F _cscsim cscsim
