fn main() {
    apx_console::start();
}
